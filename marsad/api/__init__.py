"""HTTP API and web UI over the event store: `create_app()`, served by `marsad serve`."""
from marsad.api.app import create_app

__all__ = ["create_app"]
