"""The pages people use: login, the queue, the verdict view (document beside the record form).

Server-rendered with Jinja2 templates (``templates/``), interface strings from
``resources/review/<language>.yaml``, field labels, help and allowed values from the codebook in the
interface language and in the verdict's language. No inline script (the Content-Security-Policy forbids
it): ``static/review.js`` reads what it needs from data-* attributes and saves through the JSON API, which
calls the same store functions (:mod:`pipeline.store.records`) as every other client. After each save the
script asks for the record form again (``/verdicts/{id}/record``), so the form has one rendering, here.

Page images are rendered lazily (:mod:`pipeline.review.page_images`): opening a 300-page scan costs one
query and one template, whatever its length; the browser fetches a page's image when it scrolls near it.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import urllib.parse
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import anyio
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from pipeline.atomic import write_text
from pipeline.coding.codebook import LANGUAGES, codebook
from pipeline.datafiles import load_yaml
from pipeline.review import auth
from pipeline.review.page_images import RENDERED_FORMATS, PageFrame, PageImageError, PageImages, Source
from pipeline.store import blind as blind_coding
from pipeline.store import paths, records
from pipeline.store.queue import QueueQuery, search
from pipeline.store.schema import STATUSES, DocumentRow, User

router = APIRouter()

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
QUEUE_SORTS = {  # the queue's order menu → (queue sort column, direction)
    "confidence": ("confidence", "asc"),
    "date": ("date", "desc"),
    "case": ("case_number", "asc"),
    "imported": ("imported", "desc"),
    "uncertainty": ("uncertainty", "desc"),  # active learning: what the field models are least sure of
    "disagreement": ("disagreement", "desc"),  # where rules and model differ most
}
# (keys, string) listed on "?"; review.js binds the same keys
SHORTCUTS = [
    (["j", "↓"], "key_next_field"),
    (["k", "↑"], "key_prev_field"),
    (["n"], "key_next_low"),
    (["Enter", "e"], "key_edit"),
    (["a"], "key_accept"),
    (["x"], "key_not_stated"),
    (["Shift+A"], "key_accept_all"),
    (["Ctrl+Enter"], "key_confirm"),
    (["Shift+D"], "key_add_defendant"),
    (["Shift+C"], "key_add_charge"),
    (["Shift+V"], "key_add_victim"),
    (["[", "]"], "key_page"),
    (["-", "+"], "key_zoom"),
    (["t"], "key_text"),
    (["/"], "key_search"),
    (["?"], "key_help"),
]
# strings review.js shows (toasts, prompts, dialogs); the rest stay on the server
SCRIPT_STRINGS = (
    "saved", "saving", "error_network", "error_forbidden", "error_generic", "conflict_theirs", "conflict_yours",
    "confirm_done", "confirm_stale", "reopen_done", "accept_all_prompt", "action_remove_confirm", "value_empty",
)
_ANCHOR = re.compile(r"[^A-Za-z0-9]+")


# --------------------------------------------------------------------------- settings and strings


@cache
def settings() -> dict[str, Any]:
    return load_yaml("review/settings.yaml", "review settings")


@cache
def strings(lang: str) -> dict[str, str]:
    """Interface strings of a language, English where a translation lacks a key."""
    merged = dict(load_yaml("review/en.yaml", "interface strings"))
    if lang != "en" and lang in LANGUAGES:
        merged.update(load_yaml(f"review/{lang}.yaml", "interface strings"))
    return {key: str(value) for key, value in merged.items()}


def interface_languages() -> list[tuple[str, str]]:
    return [(code, strings(code)["language_name"]) for code in LANGUAGES]


def ui_language(user: auth.SessionUser | None, request: Request | None = None) -> str:
    """The user's chosen interface language; before login, ?lang= or the browser's first choice."""
    if user is not None and user.language in LANGUAGES:
        return user.language
    if request is not None:
        asked = request.query_params.get("lang", "")
        if asked in LANGUAGES:
            return asked
        header = request.headers.get("accept-language", "")
        first = header.split(",")[0].split(";")[0].strip()
        for code in LANGUAGES:
            if first.lower() == code.lower() or (first[:2].lower() == code[:2].lower() and code != "sr-Cyrl"):
                return code
    return "en"


def verdict_language(language: str | None, script: str | None) -> str:
    """The codebook label language of a verdict: Serbian and its neighbours in their script, mk, sq."""
    lang = (language or "").lower()
    if lang in ("sr", "hr", "bs", "cnr", "me"):
        return "sr-Cyrl" if script == "Cyrl" else "sr-Latn"
    if lang in ("mk", "sq"):
        return lang
    return "en"


# --------------------------------------------------------------------------- rendering


def _attrjson(value: Any) -> str:
    """JSON for a data-* attribute (a plain string: autoescaping makes it safe inside the quotes)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["attrjson"] = _attrjson
    return env


@cache
def _static_version() -> str:
    """A stamp of the static files, so a browser never runs an old review.js against a new server."""
    stamp = max((p.stat().st_mtime_ns for p in STATIC.iterdir() if p.is_file()), default=0)
    return format(stamp % 0xFFFFFFFF, "x")


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    user = auth.current_user(request)
    lang = context.pop("ui_lang", None) or ui_language(user, request)
    table = strings(lang)

    def t(key: str, **values: Any) -> str:
        text = table.get(key, key)
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    page = _environment().get_template(template).render(
        request=request,
        user=user,
        csrf_token=user.csrf_token if user else "",
        ui_lang=lang,
        t=t,
        static=lambda name: f"/static/{name}?v={_static_version()}",
        languages=interface_languages(),
        static_strings={key: table[key] for key in SCRIPT_STRINGS if key in table},
        **context,
    )
    return HTMLResponse(page, status_code=status)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no //host, no scheme) may follow a login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/queue"
    return target


def _session(request: Request) -> Session:
    return Session(request.app.state.engine)


def _user(request: Request) -> auth.SessionUser:
    user = auth.current_user(request)
    if user is None:  # the middleware answers 401 first; this guards a route mounted without it
        raise HTTPException(status_code=401, detail="login required")
    return user


# --------------------------------------------------------------------------- login, logout, preferences


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> Response:  # noqa: A002 - the query name
    if auth.current_user(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", {"next_url": _safe_next(next), "error": None, "username": ""})


@router.post("/login", include_in_schema=False)
def login_submit(request: Request, username: str = Form(""), password: str = Form(""),
                 next: str = Form("/queue")) -> Response:  # noqa: A002 - the form field's name
    target = _safe_next(next)
    with _session(request) as session:
        try:
            token, _csrf = auth.login(session, username, password, auth.client_address(request))
        except auth.LoginThrottled as exc:
            session.commit()
            response = render(request, "login.html", {"next_url": target, "error": "login_throttled",
                                                      "username": username}, status=429)
            response.headers["Retry-After"] = str(exc.retry_after)
            return response
        except auth.LoginFailed:
            session.commit()
            return render(request, "login.html", {"next_url": target, "error": "login_failed",
                                                  "username": username}, status=401)
        session.commit()
    response = RedirectResponse(target, status_code=303)
    auth.set_session_cookie(response, token, secure=getattr(request.app.state, "secure_cookies", False))
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    with _session(request) as session:
        auth.logout(session, request.cookies.get(auth.COOKIE))
        session.commit()
    response = RedirectResponse("/login", status_code=303)
    auth.clear_session_cookie(response)
    return response


@router.post("/preferences/language", include_in_schema=False)
def set_language(request: Request, language: str = Form("en"), next: str = Form("/queue")) -> Response:  # noqa: A002
    user = _user(request)
    if language in LANGUAGES:
        with _session(request) as session:
            row = session.get(User, user.id)
            if row is not None:
                row.language = language
                session.commit()
    return RedirectResponse(_safe_next(next), status_code=303)


@router.get("/", include_in_schema=False)
def home(request: Request) -> Response:
    _user(request)
    return RedirectResponse("/queue", status_code=303)


# --------------------------------------------------------------------------- the queue


def _scope(user: auth.SessionUser) -> tuple[list[str] | None, bool]:
    """(countries the user sees, None: all; whether only confirmed verdicts)."""
    countries = None if user.role == "admin" else list(user.countries)
    return countries, user.role == "researcher"


def _options(session: Session, countries: list[str] | None, confirmed_only: bool, lang: str) -> dict[str, Any]:
    """What the filter menus offer: the countries, courts and years present in the user's verdicts."""

    def distinct(column: Any) -> list[Any]:
        stmt = select(column).distinct().where(column.is_not(None))
        if countries is not None:
            stmt = stmt.where(DocumentRow.country.in_(countries))
        if confirmed_only:
            stmt = stmt.where(DocumentRow.status == "confirmed")
        return [value for (value,) in session.execute(stmt)]

    cb = codebook()
    names = []
    for code in sorted(distinct(DocumentRow.country)):
        try:
            names.append((code, cb.value_label("country", code, lang)))
        except KeyError:
            names.append((code, code))
    return {"countries": names, "courts": sorted(distinct(DocumentRow.court)),
            "years": sorted(distinct(DocumentRow.year), reverse=True)}


@router.get("/queue", response_class=HTMLResponse, include_in_schema=False)
def queue_page(request: Request, q: str = "", status: str = "", country: str = "", court: str = "",
               year: str = "", trafficking: str = "", assignee: str = "", sort: str = "confidence",
               page: int = 1) -> Response:
    user = _user(request)
    lang = ui_language(user)
    countries, confirmed_only = _scope(user)
    sort = sort if sort in QUEUE_SORTS else "confidence"
    column, order = QUEUE_SORTS[sort]
    query = QueueQuery(
        q=q.strip() or None,
        status=[status] if status in STATUSES else [],
        country=[country] if country else [],
        court=court or None,
        year=int(year) if year.isdigit() else None,
        trafficking={"yes": True, "no": False}.get(trafficking),
        assignee=user.name if assignee == "me" else ("none" if assignee == "none" else None),
        sort=column, order=order, page=max(1, page), per_page=int(settings()["queue_per_page"]),
    )
    with _session(request) as session:
        found = search(session, query, countries=countries, confirmed_only=confirmed_only)
        options = _options(session, countries, confirmed_only, lang)
    filters = {"q": q, "status": status, "country": country, "court": court, "year": year,
               "trafficking": trafficking, "assignee": assignee, "sort": sort}

    def page_url(number: int) -> str:
        kept = {k: v for k, v in filters.items() if v}
        return "/queue?" + urllib.parse.urlencode({**kept, "page": number})

    context = {
        "filters": filters, "options": options, "statuses": STATUSES, "sorts": list(QUEUE_SORTS),
        "items": found["items"], "total": found["total"], "page": found["page"],
        "pages": max(1, found["pages"]), "page_url": page_url,
        "low_threshold": float(settings()["low_confidence"]),
    }
    template = "_queue_results.html" if request.headers.get("hx-request") else "queue.html"
    return render(request, template, context)


# --------------------------------------------------------------------------- the verdict view


def _document(session: Session, user: auth.SessionUser, doc_id: str) -> DocumentRow:
    """The verdict's row without its big columns (document JSON, search text: loaded only if touched)."""
    doc = session.get(DocumentRow, doc_id, options=[defer(DocumentRow.document), defer(DocumentRow.search_text),
                                                    defer(DocumentRow.text)])
    if doc is None:
        raise HTTPException(status_code=404, detail="no such verdict")
    if not auth.can(user, "read", doc):
        raise HTTPException(status_code=403, detail="this verdict is outside your countries or role")
    return doc


def _anchor(path: str) -> str:
    return _ANCHOR.sub("-", path).strip("-")


def _page_sizes(document: dict[str, Any]) -> dict[int, tuple[float, float]]:
    sizes = {}
    for page in document.get("pages") or []:
        width, height = page.get("width"), page.get("height")
        if width and height:
            sizes[int(page["number"])] = (float(width), float(height))
    return sizes


def _fraction_box(bbox: dict[str, float] | None, size: tuple[float, float] | None) -> list[float] | None:
    if not bbox or not size:
        return None
    width, height = size
    return [round(bbox["x0"] / width, 4), round(bbox["y0"] / height, 4),
            round(bbox["x1"] / width, 4), round(bbox["y1"] / height, 4)]


def _words(document: dict[str, Any]):
    for page in document.get("pages") or []:
        for block in page.get("blocks") or []:
            for line in block.get("lines") or []:
                for word in line.get("words") or []:
                    yield page, word


@dataclass(frozen=True)
class Layout:
    """What the verdict view needs of a document's pages, without its words: the size and OCR frame of
    each page, its low-confidence words (as page fractions and as text offsets) and where it starts.
    The document JSON of a 300-page scan is ~20 MB (0.5 s to parse): it is read once per document and
    pipeline version, kept here and in a small file beside the page images, and never per request."""

    sizes: dict[int, tuple[float, float]]
    frames: dict[int, tuple[int, float]]
    low_boxes: dict[int, list[list[float]]]
    low_spans: list[tuple[int, int]]
    starts: dict[int, int]  # text offset -> page number
    count: int

    def json(self) -> dict[str, Any]:
        return {"sizes": {str(k): v for k, v in self.sizes.items()},
                "frames": {str(k): v for k, v in self.frames.items()},
                "low_boxes": {str(k): v for k, v in self.low_boxes.items()},
                "low_spans": self.low_spans, "starts": {str(k): v for k, v in self.starts.items()},
                "count": self.count}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Layout:
        return cls(sizes={int(k): tuple(v) for k, v in data["sizes"].items()},
                   frames={int(k): tuple(v) for k, v in data["frames"].items()},
                   low_boxes={int(k): v for k, v in data["low_boxes"].items()},
                   low_spans=[tuple(v) for v in data["low_spans"]],
                   starts={int(k): v for k, v in data["starts"].items()}, count=int(data["count"]))

    @classmethod
    def of(cls, document: dict[str, Any]) -> Layout:
        sizes = _page_sizes(document)
        frames, starts = {}, {}
        for page in document.get("pages") or []:
            number = int(page["number"])
            frames[number] = (int(page.get("rotation") or 0), float(page.get("skew") or 0.0))
            if isinstance(page.get("start"), int):
                starts[page["start"]] = number
        low_boxes: dict[int, list[list[float]]] = {}
        low_spans = []
        for page, word in _words(document):
            if not word.get("low_conf"):
                continue
            low_spans.append((word["start"], word["end"]))
            box = _fraction_box(word.get("bbox"), sizes.get(int(page["number"])))
            if box:
                low_boxes.setdefault(int(page["number"]), []).append(box)
        return cls(sizes, frames, low_boxes, low_spans, starts, len(document.get("pages") or []))


_LAYOUTS: OrderedDict[tuple[str, str, str], Layout] = OrderedDict()
_LAYOUTS_LOCK = threading.Lock()
_LAYOUTS_KEPT = 64


def layout(request: Request, session: Session, doc: DocumentRow) -> Layout:
    """The page layout of a verdict: from memory, else the file beside the page images, else (once) from
    the document JSON."""
    key = (doc.doc_id, doc.source_sha256 or "", doc.pipeline_version or "")
    with _LAYOUTS_LOCK:
        if key in _LAYOUTS:
            _LAYOUTS.move_to_end(key)
            return _LAYOUTS[key]
    stamp = hashlib.sha256("|".join(key).encode()).hexdigest()[:24]
    cached = Path(request.app.state.cache_dir) / "layout" / f"{stamp}.json"
    found = None
    if cached.is_file():
        try:
            found = Layout.from_json(json.loads(cached.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            found = None
    if found is None:
        document = session.execute(select(DocumentRow.document).where(DocumentRow.doc_id == doc.doc_id)).scalar()
        found = Layout.of(document or {})
        write_text(cached, json.dumps(found.json(), separators=(",", ":")))
    with _LAYOUTS_LOCK:
        _LAYOUTS[key] = found
        while len(_LAYOUTS) > _LAYOUTS_KEPT:
            _LAYOUTS.popitem(last=False)
    return found


def _number_text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _display(value: Any, fld: Any, lang: str, table: dict[str, str]) -> str:
    """A value as a lawyer reads it (suggestions, conflicts)."""
    if value is None or value == "" or value == []:
        return table["value_empty"]
    if isinstance(value, bool):
        return table["value_yes"] if value else table["value_no"]
    if fld is not None and fld.enum and isinstance(value, str):
        try:
            return codebook().value_label(fld.path, value, lang)
        except KeyError:
            return value
    if isinstance(value, dict):
        if "amount" in value:
            return f"{value.get('amount')} {value.get('currency') or ''}".strip()
        return " ".join(str(v) for v in value.values() if v)
    if isinstance(value, list):
        return "; ".join(_display(v, fld, lang, table) for v in value)
    return _number_text(value) if isinstance(value, (int, float)) else str(value)


class _FormBuilder:
    """The record form's view model: groups (case, each defendant with its charges, each victim) of fields,
    each with its labels, widget value, status, confidence, evidence boxes and warnings."""

    def __init__(self, doc: DocumentRow, record: dict[str, Any], ui_lang: str, blind: bool,
                 warnings_by_path: dict[str, list[str]], sizes: dict[int, tuple[float, float]]):
        self.cb = codebook()
        self.doc = doc
        self.record = record
        self.ui = ui_lang
        self.vl = verdict_language(doc.language, doc.script)
        self.table = strings(ui_lang)
        self.blind = blind
        self.warnings = warnings_by_path
        self.sizes = sizes
        self.low = float(settings()["low_confidence"])
        self.quote = int(settings()["evidence_text_chars"])

    def labels(self, path: str) -> tuple[str, str | None]:
        ui = self.cb.label(path, self.ui)
        other = self.cb.label(path, self.vl)
        return ui, (other if other != ui else None)

    def options(self, fld: Any) -> list[tuple[str, str]]:
        if fld.type == "bool":
            return [("true", self.table["value_yes"]), ("false", self.table["value_no"])]
        out = []
        for value in self.cb.enum(fld.path):
            ui = self.cb.value_label(fld.path, value, self.ui)
            other = self.cb.value_label(fld.path, value, self.vl)
            out.append((value, ui if other == ui else f"{ui} · {other}"))
        return out

    def field(self, fld: Any, path: str, fv: dict[str, Any]) -> dict[str, Any]:
        status = fv.get("status") or "draft"
        hidden = self.blind and status == "draft"  # blind coding: the draft is not shown
        value = None if hidden else fv.get("value")
        confidence = 0.0 if hidden else float(fv.get("confidence") or 0)
        evidence = [] if hidden else (fv.get("evidence") or [])
        label, vlabel = self.labels(fld.path)
        view: dict[str, Any] = {
            "path": path, "anchor": _anchor(path), "type": fld.type, "item_type": fld.items, "label": label,
            "vlabel": vlabel, "help": fld.description, "status": status, "confidence": confidence,
            "value": value, "empty": value in (None, "", []),
            "low": status == "draft" and not hidden and value not in (None, "", []) and confidence < self.low,
            "warnings": self.warnings.get(path, []),
            "evidence": [{"p": ev.get("page"), "b": _fraction_box(ev.get("bbox"), self.sizes.get(ev.get("page"))),
                          "s": ev.get("start"), "e": ev.get("end")} for ev in evidence],
            "evidence_text": "", "evidence_page": None, "options": [], "selected": [], "input": "", "lines": 1,
            "money": {"amount": "", "currency": ""},
            "provision": {"code": "", "article": "", "paragraph": "", "item": ""},
        }
        if evidence:
            text = " ".join(str(evidence[0].get("text") or "").split())
            view["evidence_text"] = text if len(text) <= self.quote else text[: self.quote - 1] + "…"
            view["evidence_page"] = evidence[0].get("page")
        if fld.type in ("enum", "bool") or (fld.type == "list" and fld.items == "enum"):
            view["options"] = self.options(fld)
        if fld.type == "bool":
            view["input"] = "" if value is None else ("true" if value else "false")
        elif fld.type == "list":
            items = value if isinstance(value, list) else []
            if fld.items == "enum":
                view["selected"] = [str(v) for v in items]
            elif fld.items == "provision":
                lines = [" ".join(str(p.get(k) or "") for k in ("code", "article", "paragraph", "item")).strip()
                         for p in items if isinstance(p, dict)]
                view["input"], view["lines"] = "\n".join(lines), len(lines)
            else:
                view["input"], view["lines"] = "\n".join(str(v) for v in items), len(items)
        elif fld.type == "money":
            if isinstance(value, dict):
                view["money"] = {"amount": str(value.get("amount") or ""), "currency": value.get("currency") or ""}
        elif fld.type == "provision":
            if isinstance(value, dict):
                view["provision"] = {k: str(value.get(k) or "") for k in view["provision"]}
        elif fld.type in ("int", "number"):
            view["input"] = _number_text(value)
        else:
            view["input"] = "" if value is None else str(value)
        return view

    def level(self, level: str, prefix: str, obj: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for fld in self.cb.fields(level):
            if fld.type == "records":
                continue
            node: Any = obj
            for part in fld.name.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if paths.is_field_value(node):
                out.append(self.field(fld, f"{prefix}.{fld.name}", node))
        return out

    def name_of(self, item: dict[str, Any]) -> str:
        name = item.get("name")
        value = name.get("value") if paths.is_field_value(name) else None
        if self.blind and paths.is_field_value(name) and name.get("status") == "draft":
            return ""
        return f": {value}" if value else ""

    def groups(self) -> list[dict[str, Any]]:
        record = self.record
        defendants = record.get("defendants") or []
        victims = record.get("victims") or []
        groups = [{"path": "case", "title": self.cb.label("case", self.ui), "remove": False,
                   "fields": self.level("case", "case", record.get("case") or {}), "children": [],
                   "add_child": None, "add_after": None if defendants else "defendants",
                   "add_label": "action_add_defendant"}]
        defendant_label = self.cb.label("defendant", self.ui)
        charge_label = self.cb.label("charge", self.ui)
        for di, defendant in enumerate(defendants):
            prefix = f"defendants[{di}]"
            children = [{"path": f"{prefix}.charges[{ci}]", "title": f"{charge_label} {ci + 1}",
                         "fields": self.level("charge", f"{prefix}.charges[{ci}]", charge)}
                        for ci, charge in enumerate(defendant.get("charges") or [])]
            groups.append({"path": prefix, "title": f"{defendant_label} {di + 1}{self.name_of(defendant)}",
                           "remove": True, "fields": self.level("defendant", prefix, defendant),
                           "children": children, "add_child": f"{prefix}.charges",
                           "add_after": "defendants" if di == len(defendants) - 1 else None,
                           "add_label": "action_add_defendant"})
        victim_label = self.cb.label("victim", self.ui)
        if not victims:
            groups[-1] = {**groups[-1]}
            groups.append({"path": "victims", "title": victim_label, "remove": False, "fields": [],
                           "children": [], "add_child": None, "add_after": "victims",
                           "add_label": "action_add_victim", "empty": True})
        for vi, victim in enumerate(victims):
            prefix = f"victims[{vi}]"
            groups.append({"path": prefix, "title": f"{victim_label} {vi + 1}{self.name_of(victim)}",
                           "remove": True, "fields": self.level("victim", prefix, victim), "children": [],
                           "add_child": None, "add_after": "victims" if vi == len(victims) - 1 else None,
                           "add_label": "action_add_victim"})
        return groups


def _warnings(record: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The whole-record checks (pipeline.store.checks), each with the field it belongs beside."""
    from pipeline.store import checks

    return list(checks.warnings(record, lang=lang))


def _record_context(request: Request, session: Session, user: auth.SessionUser, doc: DocumentRow
                    ) -> dict[str, Any]:
    lang = ui_language(user)
    blind = bool(doc.blind and doc.blind_coder_id == user.id and not blind_coding.submitted(session, doc.doc_id))
    if blind:  # their own coding, started from the masked draft: no draft value, confidence or evidence
        row = session.get(User, user.id)
        record, version, _submitted = blind_coding.get(session, doc.doc_id, row)
        session.commit()
    else:
        record, version = records.get_record(session, doc.doc_id)
    found = [] if blind else _warnings(record, lang)
    by_path: dict[str, list[str]] = {}
    cb = codebook()
    warnings = []
    for w in found:
        path = w.get("path") or ""
        by_path.setdefault(path, []).append(w.get("message") or "")
        label = cb.label(path, lang) if cb.has_field(path) else path
        warnings.append({"path": path, "anchor": _anchor(path), "label": label, "message": w.get("message")})
    table = strings(lang)
    suggestions = []
    for item in [] if blind else records.pending(session, doc.doc_id):
        if item.get("kind") != "field":
            continue
        path = item["path"]
        fld = cb.field(path) if cb.has_field(path) else None
        suggested = item.get("suggested") or {}
        suggestions.append({
            "path": path, "anchor": _anchor(path), "label": cb.label(path, lang) if fld else path,
            "current_text": _display(item.get("current"), fld, lang, table),
            "suggested_text": _display(suggested.get("value"), fld, lang, table),
            "suggested": suggested.get("value"),
        })
    editable = doc.status != "confirmed" and auth.can(user, "edit", doc)
    assignee = session.get(User, doc.assignee_id).name if doc.assignee_id else None
    annotators = []
    if auth.can(user, "assign", doc):
        annotators = sorted(u.name for u in session.execute(select(User).where(User.role == "annotator",
                                                                                User.active)).scalars()
                            if doc.country in (u.countries or []))
    builder = _FormBuilder(doc, record, lang, blind, by_path, layout(request, session, doc).sizes)
    return {
        "doc": doc, "version": version, "groups": builder.groups(), "verdict_lang": builder.vl,
        "readonly": not editable, "blind": blind, "warnings": warnings, "suggestions": suggestions,
        "review_order": [] if not editable else records.review_order(record),
        "accept_threshold": float(settings()["accept_all_default"]),
        "api_base": f"/api/blind/{doc.doc_id}" if blind else f"/api/records/{doc.doc_id}",
        "confirm_url": f"/api/blind/{doc.doc_id}/submit" if blind else f"/api/records/{doc.doc_id}/confirm",
        "can_reopen": doc.status == "confirmed" and auth.can(user, "reopen", doc),
        "can_export": auth.can(user, "export", doc),
        "assignee": assignee, "annotators": annotators,
        "can_take": auth.can(user, "edit", doc) and assignee != user.name and not blind,
        "currencies": [(code, cb.value_label("currency", code, lang)) for code in cb.enum("currency")],
    }


def _page_views(doc: DocumentRow, pages: Layout) -> list[dict[str, Any]]:
    """One entry per page: its size (the image's aspect) and its low-confidence OCR words as boxes."""
    views = []
    for number in range(1, max(doc.page_count or 0, pages.count) + 1):
        width, height = pages.sizes.get(number, (595.0, 842.0))
        views.append({"number": number, "width": round(width), "height": round(height),
                      "low": pages.low_boxes.get(number, [])})
    return views


def _text_segments(doc: DocumentRow, record: dict[str, Any], pages: Layout) -> list[dict[str, Any]]:
    """The verdict text cut at every evidence and low-confidence word boundary and page start, so the
    script can mark any field's evidence by offsets (each piece carries its start and end)."""
    text = doc.text or ""
    cuts = {0, len(text)}
    starts = {start: number for start, number in pages.starts.items() if 0 <= start <= len(text)}
    cuts.update(starts)
    low_spans = pages.low_spans
    for start, end in low_spans:
        cuts.update((start, end))
    for _path, fv in paths.iter_fields(record):
        for ev in fv.get("evidence") or []:
            for key in ("start", "end"):
                if isinstance(ev.get(key), int) and 0 <= ev[key] <= len(text):
                    cuts.add(ev[key])
    ordered = sorted(cuts)
    low_starts = dict(low_spans)
    segments = []
    low_until = -1
    for start, end in zip(ordered, ordered[1:], strict=False):
        if start in low_starts:
            low_until = max(low_until, low_starts[start])
        segments.append({"start": start, "end": end, "text": text[start:end], "low": start < low_until,
                         "page_break": starts.get(start) if start in starts and starts[start] > 1 else None})
    return segments


def _has_images(doc: DocumentRow) -> bool:
    return doc.source_format in RENDERED_FORMATS


@router.get("/verdicts/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
def verdict_page(request: Request, doc_id: str) -> Response:
    user = _user(request)
    with _session(request) as session:
        doc = _document(session, user, doc_id)
        context = _record_context(request, session, user, doc)
        pages = layout(request, session, doc)
        has_images = _has_images(doc)
        problem = None
        if has_images and not Path(doc.source_path).is_file():
            has_images, problem = False, Path(doc.source_path).name
        context.update({
            "has_images": has_images, "image_problem": problem,
            "pages": _page_views(doc, pages) if has_images else [],
            "text_segments": [] if has_images else _text_segments(doc, records.get_record(session, doc_id)[0],
                                                                  pages),
            "scale": settings()["page_scale"], "shortcuts": SHORTCUTS,
        })
    return render(request, "verdict.html", context)


@router.get("/verdicts/{doc_id}/record", response_class=HTMLResponse, include_in_schema=False)
def record_form(request: Request, doc_id: str) -> Response:
    """The record form alone: what review.js swaps in after every save."""
    user = _user(request)
    with _session(request) as session:
        doc = _document(session, user, doc_id)
        context = _record_context(request, session, user, doc)
    return render(request, "_record.html", context)


@router.get("/verdicts/{doc_id}/text", response_class=HTMLResponse, include_in_schema=False)
def verdict_text(request: Request, doc_id: str) -> Response:
    """The verdict text with evidence offsets (a scan's OCR text, loaded when the reader asks for it)."""
    user = _user(request)
    with _session(request) as session:
        doc = _document(session, user, doc_id)
        record, _version = records.get_record(session, doc_id)
        segments = _text_segments(doc, record, layout(request, session, doc))
    return render(request, "_text.html", {"text_segments": segments})


def _page_images(request: Request) -> PageImages:
    state = request.app.state
    images = getattr(state, "page_images", None)
    if images is None:
        images = PageImages(Path(state.cache_dir))
        state.page_images = images
    return images


@router.get("/verdicts/{doc_id}/pages/{number}.png", include_in_schema=False)
async def page_image(request: Request, doc_id: str, number: int, scale: float | None = None) -> Response:
    """One page image, rendered on the first request (in a worker thread) and read from the cache after."""
    user = _user(request)

    def locate() -> tuple[Source, PageFrame]:
        with _session(request) as session:
            doc = _document(session, user, doc_id)
            rotation, skew = layout(request, session, doc).frames.get(number, (0, 0.0))
            frame = PageFrame(number, rotation, skew)
            return Source(Path(doc.source_path), doc.source_sha256, doc.source_format), frame

    source, frame = await anyio.to_thread.run_sync(locate)
    try:
        path = await anyio.to_thread.run_sync(_page_images(request).png, source, frame, scale)
    except PageImageError as exc:
        return Response(exc.message, status_code=exc.status, media_type="text/plain; charset=utf-8")
    return FileResponse(path, media_type="image/png")
