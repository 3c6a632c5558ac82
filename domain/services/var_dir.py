"""Where the cabinet keeps its files: VAR_DIR (as config.load_settings reads it), default ./var in the project."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


def var_dir() -> Path:
    """The VAR_DIR of this process (services get no Settings object, so they read the same variable)."""
    return Path(os.environ.get('VAR_DIR', PROJECT_DIR / 'var')).resolve()


def var_subdir(name: str) -> Path:
    """A folder under VAR_DIR, created on first use: documents, exports, uploads."""
    path = var_dir() / name
    path.mkdir(parents=True, exist_ok=True)
    return path
