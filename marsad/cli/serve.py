"""`marsad serve`: the workbench (API + web UI) with uvicorn. Registered on the main typer app on import."""
from __future__ import annotations

import os
from typing import Optional

import typer

from marsad.cli.main import DbOpt, _note, app, err


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", envvar="MARSAD_HOST",
                             help="address to bind; loopback by default, 0.0.0.0 exposes the server"),
    port: int = typer.Option(8000, envvar="MARSAD_PORT", help="port to listen on"),
    db: Optional[str] = DbOpt,
    reload: bool = typer.Option(False, "--reload", help="restart when the code changes (development)"),
    workers: int = typer.Option(1, help="server processes; 2 or more for a team server (one per CPU core)"),
    ingest_token: Optional[str] = typer.Option(None, "--ingest-token", envvar="MARSAD_INGEST_TOKEN",
                                               help="bearer token for POST /api/ingest (default: disabled)"),
) -> None:
    """Serve the workbench at http://HOST:PORT: the web UI, the JSON API under /api, docs at /docs."""
    import uvicorn

    if db:
        os.environ["MARSAD_DATABASE_URL"] = db  # the factory reads settings in the server process (and reloader)
    if ingest_token:
        os.environ["MARSAD_INGEST_TOKEN"] = ingest_token
    if host not in ("127.0.0.1", "localhost", "::1"):
        _note("note", "yellow", f"binding {host}: the workbench is reachable from other machines")
    err.print(f"marsad workbench on http://{'[' + host + ']' if ':' in host else host}:{port}/  (docs at /docs)",
              soft_wrap=True)
    uvicorn.run("marsad.api.app:create_app", factory=True, host=host, port=port, reload=reload,
                workers=None if reload else workers, log_level="info")


if __name__ == "__main__":
    app()
