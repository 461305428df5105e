"""The review application: FastAPI, server-rendered pages (:mod:`pipeline.review.pages`) and the JSON API
(:mod:`pipeline.review.api`) over the review database (:mod:`pipeline.store`).

    app = create_app("postgresql://review@db/review")   # or None: data/review.sqlite
    uvicorn.run(app, host="127.0.0.1", port=8000)

One middleware guards every request before any route runs:
- security headers on every answer: a Content-Security-Policy that allows scripts from this site only (no
  inline script, no eval, nothing from elsewhere), no framing, no sniffing, no referrer, no caching of
  verdict data;
- the session cookie resolved to the user; without one every path but /login, /api/login, /healthz and
  /static/* answers 401 (JSON under /api/, a page pointing to /login elsewhere);
- the session's CSRF token on every state-changing request (X-CSRF-Token header or csrf_token form field),
  and a same-origin Origin header where the browser sends one;
- one log line per request: method, path without the query string (searches may hold names), status,
  milliseconds. Never verdict text.
"""

from __future__ import annotations

import logging
import re
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session

from pipeline import __version__
from pipeline.review import auth
from pipeline.store.db import engine_for, migrate
from pipeline.store.records import Conflict, StoreError

log = logging.getLogger("pipeline.review")

STATIC = Path(__file__).resolve().parent / "static"
PUBLIC_PATHS = ("/login", "/api/login", "/healthz")
PUBLIC_PREFIXES = ("/static/",)
CSRF_EXEMPT = ("/login", "/api/login")  # no session yet; throttled and password-checked instead
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
MAX_FORM_BYTES = 10 * 1024 * 1024

# Scripts from this site only. Styles may sit in style attributes (evidence boxes are positioned with
# them); that cannot run code.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
_CSRF_MULTIPART = re.compile(rb'name="csrf_token"\r\n(?:[^\r\n]*\r\n)*?\r\n([^\r\n]*)\r\n')


def _is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _headers(scope: dict[str, Any]) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookie(headers: dict[str, str]) -> str | None:
    raw = headers.get("cookie")
    if not raw:
        return None
    jar = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # noqa: BLE001 - a malformed cookie header is no session
        return None
    morsel = jar.get(auth.COOKIE)
    return morsel.value if morsel else None


def _form_token(content_type: str, body: bytes) -> str | None:
    if content_type.startswith("application/x-www-form-urlencoded"):
        values = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get(auth.CSRF_FIELD)
        return values[0] if values else None
    if content_type.startswith("multipart/form-data"):
        match = _CSRF_MULTIPART.search(body)
        return match.group(1).decode("utf-8", "replace") if match else None
    return None


def _same_origin(headers: dict[str, str]) -> bool:
    origin = headers.get("origin")
    if not origin:
        return True  # not sent (scripts, older browsers): the CSRF token decides
    if origin == "null":
        return False
    host = headers.get("host", "")
    return urllib.parse.urlsplit(origin).netloc == host


class ReviewMiddleware:
    """Pure ASGI middleware (see the module docstring); no request body is lost to it."""

    def __init__(self, app: Any, engine: Any) -> None:
        self.app = app
        self.engine = engine

    def _resolve(self, cookie: str | None) -> auth.SessionUser | None:
        with Session(self.engine) as session:
            return auth.resolve(session, cookie)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        path = scope.get("path", "")
        method = scope.get("method", "GET")
        headers = _headers(scope)
        status_holder = {"status": 500}
        is_static = path.startswith("/static/")

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                extra = list(SECURITY_HEADERS)
                if not is_static:
                    extra.append((b"cache-control", b"no-store"))
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": list(message.get("headers", []))
                           + [(k, v) for k, v in extra if k not in names]}
            await send(message)

        try:
            user = None
            cookie = _cookie(headers)
            if cookie and not is_static:
                user = await anyio.to_thread.run_sync(self._resolve, cookie)
            scope.setdefault("state", {})["user"] = user
            if user is None and not _is_public(path):
                await self._unauthorised(path, send_with_headers)
                return
            if method not in SAFE_METHODS and path not in CSRF_EXEMPT:
                if not _same_origin(headers):
                    await self._json(send_with_headers, 403, {"detail": "cross-site request refused"})
                    return
                token = headers.get(auth.CSRF_HEADER.lower())
                content_type = headers.get("content-type", "")
                if not token and content_type.startswith(
                        ("application/x-www-form-urlencoded", "multipart/form-data")):
                    body, receive = await self._buffer(receive)
                    if body is None:
                        await self._json(send_with_headers, 413, {"detail": "form too large"})
                        return
                    token = _form_token(content_type, body)
                if not auth.csrf_ok(user, token):
                    await self._json(send_with_headers, 403, {"detail": "missing or wrong CSRF token"})
                    return
            await self.app(scope, receive, send_with_headers)
        finally:
            if not is_static:
                log.info("%s %s %s %.0f ms", method, path, status_holder["status"],
                         (time.perf_counter() - started) * 1000)

    async def _buffer(self, receive: Any) -> tuple[bytes | None, Any]:
        """Read the whole body, then hand the app a receive that replays it."""
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_FORM_BYTES:
                return None, receive
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return body, replay

    async def _json(self, send: Any, status: int, payload: dict[str, Any]) -> None:
        import json

        body = json.dumps(payload).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def _unauthorised(self, path: str, send: Any) -> None:
        if path.startswith("/api/"):
            await self._json(send, 401, {"detail": "login required"})
            return
        target = "/login?next=" + urllib.parse.quote(path, safe="/")
        body = (
            '<!doctype html><html><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0;url={target}"><title>Login required</title></head>'
            f'<body><p>Please <a href="{target}">log in</a>.</p></body></html>'
        ).encode()
        await send({"type": "http.response.start", "status": 401,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def create_app(db_url: str | None = None, *, cache_dir: Path | None = None, run_migrations: bool = True,
               secure_cookies: bool = False) -> FastAPI:
    """The review app over the database at ``db_url`` (None: data/review.sqlite). Migrations run first.
    ``cache_dir``: where rendered page images go (default: beside the database, or data/page-cache)."""
    engine = engine_for(db_url)
    if run_migrations:
        migrate(engine)
    app = FastAPI(title="SPOT ON review", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine = engine
    app.state.cache_dir = Path(cache_dir) if cache_dir else _default_cache(engine)
    app.state.secure_cookies = secure_cookies
    app.add_middleware(ReviewMiddleware, engine=engine)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")

    @app.exception_handler(Conflict)
    async def _conflict(_request: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse(exc.to_json(), status_code=409)

    @app.exception_handler(StoreError)
    async def _store_error(_request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": exc.message, "code": exc.code}, status_code=exc.status)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    from pipeline.review import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def _default_cache(engine: Any) -> Path:
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if database and database != ":memory:":
        return Path(database).resolve().parent / "page-cache"
    return Path("data") / "page-cache"
