"""The Tortoise config for the `tortoise` CLI (`makemigrations`), built from the current settings."""

from config import load_settings
from storage.db import tortoise_config

TORTOISE_ORM = tortoise_config(load_settings().database_url)
