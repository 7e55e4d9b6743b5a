"""The static workbench UI, the npm packages it uses (served from node_modules), and the API docs page.

Every script, style and font comes from `npm ci` (package.json) or the marsad package: nothing from a CDN.
"""
from __future__ import annotations

import base64
import hashlib
from html import escape
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

# URL prefix under /vendor → folder inside node_modules, and the file that proves it is installed
VENDOR = {
    "cytoscape": ("cytoscape/dist", "cytoscape.min.js"),
    "chart.js": ("chart.js/dist", "chart.umd.min.js"),
    "noto-naskh-arabic": ("@fontsource/noto-naskh-arabic", "arabic-400.css"),
    "swagger-ui": ("swagger-ui-dist", "swagger-ui-bundle.js"),
}
# cytoscape inserts one tiny <style> (".__________cytoscape_container { position: relative; }"): allowed by its hash
_CYTOSCAPE_STYLE = base64.b64encode(hashlib.sha256(
    b".__________cytoscape_container { position: relative; }").digest()).decode()
CSP = ("default-src 'self'; script-src 'self'; "
       f"style-src 'self' 'sha256-{_CYTOSCAPE_STYLE}'; img-src 'self' data: blob:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


def static_dir() -> Path:
    return Path(str(resources.files("marsad.web") / "static"))


def missing_packages(node_modules: Path) -> list[str]:
    return [f"{folder}/{probe}" for folder, probe in VENDOR.values() if not (node_modules / folder / probe).is_file()]


def missing_page(node_modules: Path, missing: list[str]) -> str:
    items = "".join(f"<li><code>{escape(m)}</code></li>" for m in missing)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>marsad: front-end packages missing</title>
<style>body{{font-family:sans-serif;max-width:44rem;margin:3rem auto;line-height:1.5}}code{{background:#eee;padding:0 .3em}}</style>
</head><body><h1>The workbench's front-end packages are not installed</h1>
<p>marsad serves its scripts and fonts from <code>{escape(str(node_modules))}</code>, and these are missing:</p>
<ul>{items}</ul>
<p>Fix: <strong>run <code>make install</code></strong> (or <code>npm ci</code>) in the marsad checkout,
or point <code>MARSAD_NODE_MODULES</code> at a folder that has them. The JSON API at <a href="/api/summary">/api/…</a>
and its documentation schema at <a href="/openapi.json">/openapi.json</a> work without them.</p></body></html>"""


def install(app: FastAPI, node_modules: Path) -> None:
    static = static_dir()
    missing = missing_packages(node_modules)
    app.state.web_missing = missing

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index():
        if missing:
            return HTMLResponse(missing_page(node_modules, missing), status_code=503, headers=SECURITY_HEADERS)
        return FileResponse(static / "index.html", media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)

    @app.api_route("/docs", methods=["GET", "HEAD"], include_in_schema=False)
    def docs():
        if missing:
            return HTMLResponse(missing_page(node_modules, missing), status_code=503, headers=SECURITY_HEADERS)
        return FileResponse(static / "docs.html", media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return Response(status_code=204)

    app.mount("/static", StaticFiles(directory=static), name="static")
    for prefix, (folder, _) in VENDOR.items():
        app.mount(f"/vendor/{prefix}", StaticFiles(directory=node_modules / folder, check_dir=False),
                  name=f"vendor-{prefix}")
