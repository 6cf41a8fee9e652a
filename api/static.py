"""Serves the widget demo page (/) and the clinician console (/console/) from web-widget/."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from api.settings import Settings


class CachedStatic(StaticFiles):
    """Static files revalidated on each load (ETag), so a deploy is seen at once."""

    async def get_response(self, path, scope):
        response = await super().get_response(path, scope)
        response.headers.setdefault("Cache-Control", "no-cache")
        return response


def mount_static(app: FastAPI, settings: Settings) -> None:
    root = settings.static_dir
    if not root.is_dir():
        return

    @app.get("/", include_in_schema=False)
    async def demo_page():
        return FileResponse(root / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/console", include_in_schema=False)
    async def console_redirect():
        return RedirectResponse("/console/")

    app.mount("/widget", CachedStatic(directory=root / "widget"), name="widget")
    app.mount("/console", CachedStatic(directory=root / "console", html=True), name="console")
