"""The page for unknown addresses, in Russian, with HTTP status 404."""

from fastapi import Request, Response
from fastapi.exception_handlers import http_exception_handler
from nicegui import Client, app, ui
from nicegui.page import page
from starlette.exceptions import HTTPException

import ui_text as t
from components import theme


def create() -> None:
    """Replace NiceGUI's English 404 page with ours."""

    @app.exception_handler(404)
    async def not_found(request: Request, exception: Exception) -> Response:
        endpoint = request.scope.get('endpoint')
        if endpoint is not None and endpoint is not app and isinstance(exception, HTTPException):
            # an API or static route said 404: answer like FastAPI, not with a page
            return await http_exception_handler(request, exception)
        with Client(page(''), request=request) as client:
            theme.apply()
            with ui.column().classes('absolute-center items-center gap-2').mark('not-found-page'):
                ui.label('404').classes('text-h2 text-grey-6')
                ui.label(t.NOT_FOUND_TITLE).classes('text-h5')
                ui.label(t.NOT_FOUND_TEXT)
                ui.link(t.TO_HOME, '/')
        return client.build_response(request, 404)
