"""Composition root: settings, database, pages, scheduler; `python main.py --help` lists the commands."""

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi.routing import _merge_lifespan_context
from nicegui import app, helpers, ui
from tortoise.contrib.fastapi import RegisterTortoise

import commands
import pages
import ui_text as t
from config import load_settings
from storage.db import tortoise_config

settings = load_settings()


@asynccontextmanager
async def lifespan(_: object) -> AsyncIterator[None]:
    """Open the database (what register_tortoise does), migrate, start the scheduler and delivery; undo on shutdown."""
    async with RegisterTortoise(config=tortoise_config(settings.database_url), _enable_global_fallback=True):
        await commands.on_startup(settings)
        try:
            yield
        finally:
            await commands.on_shutdown()


# NiceGUI's own lifespan is kept aside once, so a re-run of this file (the UI tests do it for every test) replaces
# the database of the previous run instead of stacking another one on top of it.
_nicegui_lifespan = getattr(app.state, 'nicegui_lifespan', None) or app.router.lifespan_context
app.state.nicegui_lifespan = _nicegui_lifespan
app.router.lifespan_context = _merge_lifespan_context(lifespan, _nicegui_lifespan)
pages.register()


def serve() -> None:
    """Serve the cabinet until stopped."""
    ui.run(
        host=settings.host,
        port=settings.port,
        title=t.APP_TITLE,
        language='ru',
        storage_secret=settings.storage_secret,
        reload=False,
        show=False,
        favicon='✉️',
    )


# Only the started script serves: worker processes (spawned for imports) import this file as __mp_main__ and must not
# start a second server or re-run the command line.
if __name__ == '__main__':
    if helpers.is_user_simulation():
        serve()
    else:
        sys.exit(commands.main(sys.argv[1:], settings, serve))
