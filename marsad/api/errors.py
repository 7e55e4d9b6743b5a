"""One JSON error shape for every failure: {"error": {"code": ..., "message": ...}}."""
from __future__ import annotations

import logging
from urllib.parse import unquote_plus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.errors import InputError, KnowledgeError, MarsadError, NotFound, StoreError

log = logging.getLogger("marsad.api")
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid_request",
         500: "internal_error", 503: "unavailable"}
ERROR_CODES = {NotFound: "not_found", InputError: "bad_input", KnowledgeError: "knowledge_error",
               StoreError: "store_error"}


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorEnvelope(BaseModel):
    error: ErrorBody


def error_body(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def error_response(status: int, message: str, code: str | None = None, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(error_body(code or CODES.get(status, "error"), message), status_code=status, headers=headers)


def responses(*statuses: int) -> dict:
    """OpenAPI `responses` entries for the error statuses an endpoint can return."""
    text = {400: "bad filter or parameter", 401: "no bearer token", 403: "wrong token or ingest disabled",
            404: "no such item", 413: "request body too large", 415: "unsupported content type",
            422: "parameter failed validation"}
    return {s: {"model": ErrorEnvelope, "description": text.get(s, CODES.get(s, "error"))} for s in statuses}


class RefuseNul:
    """A NUL character is in no name, code or text (and PostgreSQL refuses it): refuse it up front. A plain ASGI
    middleware: `@app.middleware("http")` would cost every request an extra task and a stream for its body."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and ("\x00" in scope["path"] or "\x00" in unquote_plus(
                scope.get("query_string", b"").decode("utf-8", "replace"))):
            response = error_response(400, "the request holds a NUL character (\\x00): remove it from the path and "
                                           "the parameters", "bad_input")
            return await response(scope, receive, send)
        return await self.app(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_middleware(RefuseNul)

    @app.exception_handler(MarsadError)
    async def _marsad(request: Request, exc: MarsadError):
        code = next((c for cls, c in ERROR_CODES.items() if isinstance(exc, cls)), CODES.get(exc.status, "error"))
        if exc.status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return error_response(exc.status, str(exc), code)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path {request.url.path}; see /docs for the API"
        return error_response(exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            parts.append(f"{where}: {err.get('msg')}")
        return error_response(422, "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, f"unexpected {type(exc).__name__}; the server log has the details")
