"""The JSON API of the review app (CONTRACT.md, "Review application HTTP API", and the extensions listed in
README.md). The pages call it from their JavaScript; outside scripts drive it the same way. Every action is
one function of :mod:`pipeline.store`; this module checks who may do it and turns the answer into JSON.

Every route but POST /api/login needs a session (the middleware answers 401 before a route runs) and every
state-changing one the session's CSRF token in the X-CSRF-Token header (403 otherwise). A verdict outside
the user's countries, or an action outside their role, answers 403.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from pipeline.review import auth
from pipeline.review.auth import SessionUser, can, require_csrf, require_user
from pipeline.store import blind, checks, queue, records, users
from pipeline.store.schema import DocumentRow, User

router = APIRouter(prefix="/api")
UserDep = Annotated[SessionUser, Depends(require_user)]


# --------------------------------------------------------------------------- plumbing


def db(request: Request) -> Iterator[Session]:
    """A database session per request; writes commit through ``_write``."""
    with Session(request.app.state.engine) as session:
        yield session


@contextmanager
def _write(session: Session) -> Iterator[None]:
    """Commit what the block did, or roll all of it back (a conflict saves nothing)."""
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise


DbDep = Annotated[Session, Depends(db)]


def _doc(session: Session, doc_id: str) -> DocumentRow:
    doc = session.get(DocumentRow, doc_id, populate_existing=True)
    if doc is None:
        raise HTTPException(404, detail=f"no verdict {doc_id!r}")
    return doc


def _allow(user: SessionUser, action: str, doc: DocumentRow | None = None) -> None:
    if not can(user, action, doc):
        raise HTTPException(403, detail="not allowed for your role or countries")


def _hide_from_blind_coder(user: SessionUser, doc: DocumentRow, session: Session) -> None:
    """A blind coder does not see the draft or the review of a verdict until their blind coding is in."""
    if doc.blind and doc.blind_coder_id == user.id and not blind.submitted(session, doc.doc_id):
        raise HTTPException(403, detail={"detail": "this verdict is assigned to you for blind coding",
                                          "code": "blind", "blind_url": f"/api/blind/{doc.doc_id}"})


def _reviewed_document(session: Session, doc_id: str, user: SessionUser, action: str = "read") -> DocumentRow:
    """The document, if ``user`` may do ``action`` on it and see its draft and review (404/403 otherwise)."""
    doc = _doc(session, doc_id)
    _allow(user, action, doc)
    _hide_from_blind_coder(user, doc, session)
    return doc


def _user_row(session: Session, user: SessionUser) -> User:
    row = session.get(User, user.id)
    if row is None:
        raise HTTPException(401, detail="login required")
    return row


def _country_scope(user: SessionUser) -> list[str] | None:
    return None if user.role == "admin" else list(user.countries)


def record_response(session: Session, doc: DocumentRow, record: dict[str, Any], version: int,
                    lang: str = "en") -> dict[str, Any]:
    """The record (record.json keys) with its ``version`` and a ``review`` block: status, assignee,
    suggestions from a newer draft, whole-record warnings and the order to review the fields in."""
    assignee = session.get(User, doc.assignee_id) if doc.assignee_id else None
    return {
        **record,
        "version": version,
        "review": {
            "doc_id": doc.doc_id,
            "status": doc.status,
            "assignee": assignee.name if assignee else None,
            "blind": doc.blind,
            "suggestions": records.pending(session, doc.doc_id),
            "warnings": checks.warnings(record, lang),
            "review_order": records.review_order(record),
            "min_confidence": doc.min_confidence,
            "read_only": doc.status == "confirmed",
        },
    }


# --------------------------------------------------------------------------- session


class LoginBody(BaseModel):
    username: str = Field(max_length=100)
    password: str = Field(max_length=1000)


@router.post("/login")
def api_login(body: LoginBody, request: Request, session: DbDep) -> JSONResponse:
    """{"username", "password"} → the session cookie and {"csrf_token", "user"}; 401 wrong, 429 throttled."""
    try:
        token, csrf = auth.login(session, body.username, body.password, auth.client_address(request))
        session.commit()
    except auth.LoginThrottled as exc:
        session.rollback()
        return JSONResponse({"detail": "too many failed logins", "retry_after": exc.retry_after},
                            status_code=429, headers={"Retry-After": str(exc.retry_after)})
    except auth.LoginFailed:
        session.commit()
        return JSONResponse({"detail": "wrong user name or password"}, status_code=401)
    user = users.get_user(session, body.username.strip())
    response = JSONResponse({"csrf_token": csrf, "user": users.user_json(user) if user else None})
    auth.set_session_cookie(response, token, secure=request.app.state.secure_cookies)
    return response


@router.post("/logout", dependencies=[Depends(require_csrf)])
def api_logout(request: Request, session: DbDep) -> JSONResponse:
    with _write(session):
        auth.logout(session, request.cookies.get(auth.COOKIE))
    response = JSONResponse({"status": "logged out"})
    auth.clear_session_cookie(response)
    return response


@router.get("/me")
def api_me(user: UserDep) -> dict[str, Any]:
    """Who is logged in, and the CSRF token for this session (the pages read it on load)."""
    return {**user.json(), "csrf_token": user.csrf_token}


@router.get("/codebook")
def api_codebook(user: UserDep, lang: str = "en") -> dict[str, Any]:
    """Fields with labels, help and allowed values in ``lang`` (the form is built from this)."""
    from pipeline.coding.codebook import codebook

    cb = codebook()
    out: dict[str, Any] = {"version": cb.version, "levels": {}}
    for level in cb.levels:
        fields = []
        for fld in cb.fields(level):
            item = {"path": fld.path, "name": fld.name, "type": fld.type, "label": cb.label(fld.path, lang),
                    "label_en": fld.labels.get("en"), "help": fld.description, "items": fld.items}
            if fld.enum:
                item["values"] = [{"value": v, "label": cb.value_label(fld.path, v, lang)} for v in cb.enum(fld.path)]
            fields.append(item)
        out["levels"][level] = {"label": cb.label(level, lang), "fields": fields}
    return out


# --------------------------------------------------------------------------- queue and documents


@router.get("/documents")
def api_documents(
    user: UserDep,
    session: DbDep,
    status: Annotated[list[str] | None, Query()] = None,
    country: Annotated[list[str] | None, Query()] = None,
    court: str | None = None,
    year: int | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    trafficking: bool | None = None,
    assignee: str | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    sort: str = "confidence",
    order: str = "asc",
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=queue.MAX_PER_PAGE)] = 50,
) -> dict[str, Any]:
    """The queue: filters, search, sorting (lowest confidence first by default) and pages, in the database.
    Status and country may repeat or be comma-separated (``status=new,reopened``)."""
    _allow(user, "read")
    query = queue.QueueQuery(
        status=[s for v in status or [] for s in v.split(",") if s],
        country=[c for v in country or [] for c in v.split(",") if c],
        court=court, year=year, year_from=year_from, year_to=year_to, trafficking=trafficking, assignee=assignee,
        q=q, sort=sort, order=order, page=page, per_page=per_page)
    return queue.search(session, query, countries=_country_scope(user), confirmed_only=user.role == "researcher")


def _document_meta(doc: DocumentRow) -> dict[str, Any]:
    pages = []
    for page in (doc.document or {}).get("pages") or []:
        pages.append({k: page.get(k) for k in ("number", "start", "end", "width", "height", "unit", "dpi", "method",
                                                "rotation", "skew", "ocr_confidence", "language", "script")})
    return {
        "doc_id": doc.doc_id, "source": {"path": Path(doc.source_path).name, "sha256": doc.source_sha256,
                                         "format": doc.source_format},
        "language": doc.language, "script": doc.script, "country": doc.country, "court": doc.court,
        "case_number": doc.case_number, "year": doc.year, "decision_date": doc.decision_date,
        "trafficking_related": doc.trafficking_related, "status": doc.status, "page_count": doc.page_count,
        "min_confidence": doc.min_confidence, "blind": doc.blind, "pages": pages,
    }


@router.get("/documents/{doc_id}")
def api_document(doc_id: str, user: UserDep,
                 session: DbDep) -> dict[str, Any]:
    """The verdict's metadata and its pages (sizes, method), without words: those come per page."""
    doc = _doc(session, doc_id)
    _allow(user, "read", doc)
    return _document_meta(doc)


@router.get("/documents/{doc_id}/text")
def api_document_text(doc_id: str, user: UserDep,
                      session: DbDep) -> dict[str, Any]:
    doc = _doc(session, doc_id)
    _allow(user, "read", doc)
    return {"doc_id": doc_id, "text": doc.text}


@router.get("/documents/{doc_id}/pages/{number}")
def api_document_page(doc_id: str, number: int, user: UserDep,
                      session: DbDep) -> dict[str, Any]:
    """One page with its blocks, lines and words (boxes, OCR confidence, low-confidence flags)."""
    doc = _doc(session, doc_id)
    _allow(user, "read", doc)
    for page in (doc.document or {}).get("pages") or []:
        if page.get("number") == number:
            return page
    raise HTTPException(404, detail=f"no page {number}")


# --------------------------------------------------------------------------- records


class PatchBody(BaseModel):
    version: int
    changes: list[dict[str, Any]]
    comment: str | None = Field(default=None, max_length=2000)


class VersionBody(BaseModel):
    version: int
    comment: str | None = Field(default=None, max_length=2000)


class ReopenBody(BaseModel):
    version: int | None = None
    comment: str | None = Field(default=None, max_length=2000)


class AcceptBody(BaseModel):
    version: int
    min_confidence: float = Field(ge=0.0, le=1.0)


class PathBody(BaseModel):
    path: str = Field(max_length=300)


class AssignBody(BaseModel):
    user: str | None = None


class AssignmentsBody(BaseModel):
    doc_ids: list[str] | None = None
    status: list[str] = Field(default_factory=lambda: ["new"])
    country: list[str] = Field(default_factory=list)
    users: list[str]
    blind_share: float = Field(default=0.0, ge=0.0, le=1.0)
    blind_coders: list[str] | None = None
    limit: int = Field(default=1000, ge=1, le=100_000)
    seed: int | None = None


def _lang(request: Request, user: SessionUser) -> str:
    return request.query_params.get("lang") or user.language or "en"


@router.get("/records/{doc_id}")
def api_record(doc_id: str, request: Request, user: UserDep,
               session: DbDep) -> dict[str, Any]:
    """The record with its ``version`` (and the ``review`` block, see :func:`record_response`)."""
    doc = _reviewed_document(session, doc_id, user)
    record, version = records.get_record(session, doc_id)
    return record_response(session, doc, record, version, _lang(request, user))


@router.patch("/records/{doc_id}", dependencies=[Depends(require_csrf)])
def api_patch(doc_id: str, body: PatchBody, request: Request, user: UserDep,
              session: DbDep) -> dict[str, Any]:
    """Changes made on ``version``: merged with others' changes to other fields; 409 with both values
    when a changed field was changed by someone else since."""
    _reviewed_document(session, doc_id, user, "edit")
    with _write(session):
        record, version = records.apply_changes(session, doc_id, body.version, body.changes,
                                                _user_row(session, user), body.comment)
    return record_response(session, _doc(session, doc_id), record, version, _lang(request, user))


@router.get("/records/{doc_id}/history")
def api_history(doc_id: str, user: UserDep,
                session: DbDep) -> dict[str, Any]:
    """Every change: who, when, path, before, after, why, and the draft's version and confidence."""
    _reviewed_document(session, doc_id, user)
    return {"doc_id": doc_id, "changes": records.history(session, doc_id)}


@router.post("/records/{doc_id}/confirm", dependencies=[Depends(require_csrf)])
def api_confirm(doc_id: str, body: VersionBody, request: Request, user: UserDep,
                session: DbDep) -> dict[str, Any]:
    """Confirm the record as seen at ``version`` (409 if it changed since): every draft field confirmed."""
    _reviewed_document(session, doc_id, user, "confirm")
    with _write(session):
        record, version = records.confirm(session, doc_id, body.version, _user_row(session, user), body.comment)
    return record_response(session, _doc(session, doc_id), record, version, _lang(request, user))


@router.post("/records/{doc_id}/reopen", dependencies=[Depends(require_csrf)])
def api_reopen(doc_id: str, body: ReopenBody, request: Request, user: UserDep,
               session: DbDep) -> dict[str, Any]:
    doc = _doc(session, doc_id)
    _allow(user, "reopen", doc)
    with _write(session):
        record, version = records.reopen(session, doc_id, _user_row(session, user), body.comment)
    return record_response(session, _doc(session, doc_id), record, version, _lang(request, user))


@router.post("/records/{doc_id}/accept", dependencies=[Depends(require_csrf)])
def api_accept(doc_id: str, body: AcceptBody, request: Request, user: UserDep,
               session: DbDep) -> dict[str, Any]:
    """Accept every draft field with a value at ``min_confidence`` or above, in one save."""
    _reviewed_document(session, doc_id, user, "edit")
    with _write(session):
        record, version = records.accept_above(session, doc_id, body.version, body.min_confidence,
                                               _user_row(session, user))
    return record_response(session, _doc(session, doc_id), record, version, _lang(request, user))


@router.get("/records/{doc_id}/next")
def api_next(doc_id: str, user: UserDep, session: DbDep, after: str | None = None) -> dict[str, Any]:
    """The next least-confident field still in draft after ``after`` (null when none is left)."""
    _reviewed_document(session, doc_id, user)
    record, version = records.get_record(session, doc_id)
    return {"path": records.next_field(record, after), "version": version}


@router.get("/records/{doc_id}/warnings")
def api_warnings(doc_id: str, request: Request, user: UserDep,
                 session: DbDep) -> dict[str, Any]:
    _reviewed_document(session, doc_id, user)
    record, version = records.get_record(session, doc_id)
    return {"version": version, "warnings": checks.warnings(record, _lang(request, user))}


@router.get("/records/{doc_id}/suggestions")
def api_suggestions(doc_id: str, user: UserDep,
                    session: DbDep) -> dict[str, Any]:
    """What the newest draft would change in values lawyers decided (take one with PATCH, or dismiss it)."""
    _reviewed_document(session, doc_id, user)
    return {"suggestions": records.pending(session, doc_id)}


@router.post("/records/{doc_id}/suggestions/dismiss", dependencies=[Depends(require_csrf)])
def api_dismiss(doc_id: str, body: PathBody, user: UserDep,
                session: DbDep) -> dict[str, Any]:
    doc = _doc(session, doc_id)
    _allow(user, "edit", doc)
    with _write(session):
        left = records.dismiss_suggestion(session, doc_id, body.path, _user_row(session, user))
    return {"suggestions": left}


@router.post("/records/{doc_id}/assign", dependencies=[Depends(require_csrf)])
def api_assign(doc_id: str, body: AssignBody, user: UserDep,
               session: DbDep) -> dict[str, Any]:
    """Assign a verdict to an annotator (admins), or to oneself (annotators: take it)."""
    doc = _doc(session, doc_id)
    _allow(user, "read", doc)
    if not can(user, "assign", doc) and not (body.user == user.name and can(user, "edit", doc)):
        raise HTTPException(403, detail="only admins assign verdicts to others")
    with _write(session):
        blind.assign(session, doc_id, body.user, _user_row(session, user))
    return {"doc_id": doc_id, "assignee": body.user}


@router.post("/assignments", dependencies=[Depends(require_csrf)])
def api_assignments(body: AssignmentsBody, user: UserDep,
                    session: DbDep) -> dict[str, Any]:
    """Deal verdicts out to annotators round-robin; ``blind_share`` of them also go to a second annotator
    for blind coding (the draft hidden from them)."""
    _allow(user, "assign")
    with _write(session):
        result = blind.deal(session, body.users, doc_ids=body.doc_ids, status=body.status,
                            country=body.country, blind_share=body.blind_share, blind_coders=body.blind_coders,
                            limit=body.limit, seed=body.seed, by=_user_row(session, user))
    return result


# --------------------------------------------------------------------------- blind coding


def _blind_document(session: Session, doc_id: str, user: SessionUser) -> DocumentRow:
    """The document, if ``user`` is its blind coder (403 otherwise)."""
    doc = _doc(session, doc_id)
    _allow(user, "blind_code", doc)
    if doc.blind_coder_id != user.id:
        raise HTTPException(403, detail="this verdict is not assigned to you for blind coding")
    return doc


@router.get("/blind/{doc_id}")
def api_blind(doc_id: str, user: UserDep,
              session: DbDep) -> dict[str, Any]:
    """The blind coder's record: every field without the draft's value, confidence or evidence."""
    _blind_document(session, doc_id, user)
    with _write(session):
        record, version, submitted = blind.get(session, doc_id, _user_row(session, user))
    return {**record, "version": version, "review": {"doc_id": doc_id, "blind": True, "submitted": submitted}}


@router.patch("/blind/{doc_id}", dependencies=[Depends(require_csrf)])
def api_blind_patch(doc_id: str, body: PatchBody, user: UserDep,
                    session: DbDep) -> dict[str, Any]:
    _blind_document(session, doc_id, user)
    with _write(session):
        record, version = blind.apply(session, doc_id, body.version, body.changes, _user_row(session, user))
    return {**record, "version": version, "review": {"doc_id": doc_id, "blind": True, "submitted": False}}


@router.post("/blind/{doc_id}/submit", dependencies=[Depends(require_csrf)])
def api_blind_submit(doc_id: str, body: VersionBody, user: UserDep,
                     session: DbDep) -> dict[str, Any]:
    _blind_document(session, doc_id, user)
    with _write(session):
        blind.submit(session, doc_id, body.version)
    return {"doc_id": doc_id, "submitted": True}


@router.get("/stats/blind")
def api_blind_stats(user: UserDep, session: DbDep) -> dict[str, Any]:
    """Per field: how often the draft agreed with blind coding, and how often reviewers kept a draft value
    that blind coding contradicts."""
    _allow(user, "export")
    return blind.stats(session, countries=_country_scope(user))


# --------------------------------------------------------------------------- export and users


@router.get("/export")
def api_export(user: UserDep, session: DbDep, format: str = "csv",
               country: Annotated[list[str] | None, Query()] = None, pseudonyms: bool = True) -> FileResponse:
    """Confirmed records of the user's countries as a file (formats of ``spoton export``); victims
    pseudonymised unless an admin asks for ``pseudonyms=false``."""
    from pipeline.export import FORMATS, export_records

    _allow(user, "export")
    if format not in FORMATS:
        raise HTTPException(400, detail=f"format must be one of {', '.join(FORMATS)}")
    if not pseudonyms:
        _allow(user, "export_identified")
    wanted = [c for v in country or [] for c in v.split(",") if c]
    scope = _country_scope(user)
    if scope is not None:
        if any(c not in scope for c in wanted):
            raise HTTPException(403, detail="not allowed for your countries")
        wanted = wanted or scope
    tmp = Path(tempfile.mkdtemp(prefix="spoton-export-"))
    out = tmp / f"spoton-confirmed.{FORMATS[format]}"
    export_records(session, format, out, countries=wanted or None, pseudonymise=pseudonyms)

    def cleanup() -> None:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)

    return FileResponse(out, filename=out.name, background=BackgroundTask(cleanup))


class NewUserBody(BaseModel):
    name: str = Field(max_length=100)
    password: str = Field(max_length=1000)
    role: str
    countries: list[str] = Field(default_factory=list)
    language: str = "en"


@router.get("/users")
def api_users(user: UserDep, session: DbDep) -> dict[str, Any]:
    """Admins: every account; others: the annotators of their countries (to see who works on what)."""
    everyone = users.list_users(session)
    if not can(user, "admin"):
        everyone = [u for u in everyone if u.role == "annotator" and set(u.countries or []) & set(user.countries)]
    return {"users": [users.user_json(u) for u in everyone]}


@router.post("/users", dependencies=[Depends(require_csrf)], status_code=201)
def api_add_user(body: NewUserBody, user: UserDep,
                 session: DbDep) -> dict[str, Any]:
    _allow(user, "admin")
    try:
        with _write(session):
            created = users.add_user(session, body.name, body.password, body.role, body.countries, body.language)
            out = users.user_json(created)
    except users.UserError as exc:
        raise HTTPException(400, detail=str(exc)) from None
    return out
