"""Measure the pipeline against hand annotations (a Label Studio export): entities and record fields.

Entities: precision, recall and F1 per label, micro and macro, under two matchings:
- strict: same label, same start and end (span edges normalised on both sides first: surrounding
  whitespace and trailing , ; : are not part of an entity; annotators select them by accident);
- overlap: same label and the spans share at least one character (one-to-one, greedy).

Fields: for each document the gold value of a codebook field is derived from the gold spans (normalised
span text, e.g. the article of the charged provision); the predicted value is the draft record's
(:func:`pipeline.coding.build_record`), which is what a reviewing lawyer sees: an empty record field counts
as wrong, it is never filled in from the entities. (``fields_from="entities"`` derives the prediction from
our entities the same way as the gold instead: a diagnostic for the entity layer.) Accuracy = correct /
documents whose gold states the field. The comparison rules are in docs/ACCURACY.md.

Held-out discipline: the report holds aggregates only; per-document detail is available for the dev
split alone (``detail=True``), so the held-out documents are never looked at one by one.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pipeline.coding import build_record
from pipeline.errors import EXIT_OK, ConfigError
from pipeline.labelstudio import (
    GoldError,
    GoldTask,
    Split,
    analysis_text,
    load_tasks,
    select,
    task_text,
)
from pipeline.model import Document, EntitySpan, Provenance, Record
from pipeline.nlp.boundary import trim_span
from pipeline.nlp.entities import TASK_LABELS, find_entities
from pipeline.nlp.normalize import normalize_court, parse_date, parse_duration
from pipeline.nlp.normalize.money import parse_amount
from pipeline.nlp.rules import load_rules, regions_from_markers
from pipeline.text.fold import casefold, plain

DEFAULT_SPLIT_FILE = Path(__file__).resolve().parents[1] / "annotations" / "splits" / "me-annotated.json"
CORE_FIELDS = (  # the nine fields measured since the first evaluation (overall field_accuracy)
    "case_number",
    "court",
    "decision_date",
    "judge",
    "defendants",
    "verdict",
    "sanction_type",
    "prison_months",
    "offence_article",
)
# the other record fields the gold spans can state (issue 8): the registrar, the prosecutor, every
# defendant's sentence, every charge's article, the procedure costs (field_accuracy_all counts them too)
MORE_FIELDS = ("registrar", "prosecutor", "sentences", "offence_articles", "costs_amount")
FIELDS = CORE_FIELDS + MORE_FIELDS

Span3 = tuple[str, int, int]


# --------------------------------------------------------------------------- span metrics


norm_span = trim_span  # the name the trainers and tests read


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def strict_counts(gold: Iterable[Span3], pred: Iterable[Span3]) -> Counts:
    g, p = set(gold), set(pred)
    tp = len(g & p)
    return Counts(tp, len(p) - tp, len(g) - tp)


def overlap_counts(gold: Iterable[Span3], pred: Iterable[Span3]) -> Counts:
    """One-to-one matching of overlapping spans of one label, exact matches first, then left to right."""
    g = sorted(set(gold), key=lambda x: (x[1], x[2]))
    p = sorted(set(pred), key=lambda x: (x[1], x[2]))
    used_g: set[Span3] = set()
    used_p: set[Span3] = set()
    for x in set(g) & set(p):
        used_g.add(x)
        used_p.add(x)
    for ps in p:
        if ps in used_p:
            continue
        for gs in g:
            if gs in used_g or gs[0] != ps[0]:
                continue
            if gs[1] < ps[2] and ps[1] < gs[2]:
                used_g.add(gs)
                used_p.add(ps)
                break
    tp = len(used_p)
    return Counts(tp, len(p) - tp, len(g) - len(used_g))


def by_label(spans: Iterable[Span3], label: str) -> list[Span3]:
    return [s for s in spans if s[0] == label]


# --------------------------------------------------------------------------- field values

_LETTERS = re.compile(r"[^\W\d_]+")


def norm_case_number(s: str | None) -> str | None:
    if not s:
        return None
    m = re.search(r"(\d+)\s*/\s*(\d{2,4})", s)
    if not m:
        return casefold(re.sub(r"\s+", "", s))
    year = m.group(2)[-2:]
    return f"{int(m.group(1))}/{year}"


def norm_court(s: str | None) -> str | None:
    if not s:
        return None
    court = normalize_court(s)
    if court is not None and court.name:
        s = court.name
    return " ".join(_LETTERS.findall(casefold(s))) or None


def norm_date(s: str | None) -> str | None:
    if not s:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s.strip()):
        return s.strip()
    m = re.search(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})", s)
    if m:
        return f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    date = parse_date(s)
    return date.isoformat() if date is not None else None


_ROLE_WORDS = re.compile(r"\b(?:okrivljen|optužen|osuđen|maloljetn|обвинет|окривен|i pandehur|të pandehur)[^\W\d_]*", re.I)


def defendant_key(s: str | None) -> str | None:
    """Initials, sorted: "Mašković Igora" = "M. I." = "I.M."; role words ("Okrivljeni") dropped."""
    if not s:
        return None
    words = _LETTERS.findall(casefold(_ROLE_WORDS.sub(" ", s)))
    return "".join(sorted(w[0] for w in words)) or None


def norm_person(s: str | None) -> str | None:
    """Order-, case- and diacritics-insensitive key; words cut to 4 letters so that inflected forms agree
    ("Dašić Draganu" = "DAŠIĆ DRAGAN"); initials keep only their letters ("Ć. D." = "Ć.D.")."""
    if not s:
        return None
    s = re.sub(r"\bs\.\s?r\.?", " ", s)
    words = _LETTERS.findall(plain(s))
    if not words:
        return None
    if all(len(w) <= 2 for w in words):
        return "".join(words)
    return " ".join(sorted(w[:4] for w in words))


def norm_official(s: str | None) -> str | None:
    """:func:`norm_person` for a name the gold first gives in a case form ("uz učešće zapisničara Maje
    Knežević" = "Maja Knežević"): a word of four letters or fewer also loses its last one, so that the
    ending is never part of the key ("knez maj"); initials keep only their letters."""
    if not s:
        return None
    words = _LETTERS.findall(plain(re.sub(r"\bs\.\s?r\.?", " ", s)))
    if not words:
        return None
    if all(len(w) <= 2 for w in words):
        return "".join(words)
    return " ".join(sorted(w[: min(4, len(w) - 1)] if len(w) > 2 else w for w in words))


_VERDICT_MAP = (
    (re.compile(r"o\s?s\s?l\s?o\s?b\s?a\s?(?:đ|dj)|oslobođ|oslobad", re.I), "acquitted"),
    (re.compile(r"odbij", re.I), "charges_rejected"),
    (re.compile(r"obustav", re.I), "discontinued"),
    (re.compile(r"o\s?s\s?u\s?(?:đ|dj)\s?u\s?j\s?e|uslovn|kriv|opomen", re.I), "convicted"),
)


def verdict_category(s: str | None) -> str | None:
    if not s:
        return None
    for rx, cat in _VERDICT_MAP:
        if rx.search(s):
            return cat
    return None


# a prison sentence served at home (KZ CG art. 36a): the codebook's house_arrest
_HOUSE = re.compile(r"prostorij\w*\s+(?:u\s+koj\w*\s+(?:\w+\s+){0,2}(?:stanuje|živi)|za\s+stanovanje)"
                    r"|kućn\w*\s+zatvor"
                    r"|elektronsk\w*\s+nadzor", re.I)


def sanction_category(s: str | None, verdict_text: str | None = None, after: str = "") -> str | None:
    """Category of a SANCTION_TYPE span; ``after`` is the rest of its sentence (where "koja će se
    izvršiti u prostorijama u kojima stanuje" turns a prison sentence into house arrest)."""
    if not s:
        return None
    f = casefold(s)
    if verdict_text and re.search(r"uslovn", verdict_text, re.I) and "zatvor" in f:
        return "conditional"
    if "rada u javnom interesu" in f or "društveno korisn" in f:
        return "community_service"
    if "kućn" in f or ("zatvor" in f and _HOUSE.search(after)):
        return "house_arrest"
    if "zatvor" in f:
        return "prison"
    if "novčan" in f:
        return "fine"
    return None


_NUMWORDS = {
    "jedn": 1, "dva": 2, "dvij": 2, "tri": 3, "četir": 4, "pet": 5, "šest": 6, "sedam": 7, "osam": 8,
    "devet": 9, "deset": 10, "jedanaest": 11, "dvanaest": 12,
}


def duration_months(s: str | None) -> float | None:
    """'3 (tri) godine i 6 mjeseci' -> 42; days count as days/30 (rounded to 2 decimals)."""
    if not s:
        return None
    duration = parse_duration(s)
    if duration is not None and duration.months:
        return round(float(duration.months) + float(duration.days or 0) / 30, 2)
    total = 0.0
    found = False
    f = casefold(s)
    for m in re.finditer(r"(?:(\d+)|([a-zčćžšđ]+))\s*(?:\([^)]*\)\s*)?(godin|mjesec|mesec|dan)", f):
        if m.group(1):
            n = float(m.group(1))
        else:
            n = next((v for k, v in _NUMWORDS.items() if m.group(2).startswith(k)), None)
            if n is None:
                continue
        unit = m.group(3)
        total += n * 12 if unit == "godin" else n if unit in ("mjesec", "mesec") else n / 30
        found = True
    return round(total, 2) if found else None


def offence_article(s: str | None) -> str | None:
    if not s:
        return None
    m = re.search(r"(?:čl\.?|član\w*|чл\.?|член\w*|neni)\s*(\d+[a-zа-я]?)", s, re.I)
    if not m:
        m = re.search(r"(\d+[a-z]?)", s)
    return m.group(1).lower() if m else None


# --------------------------------------------------------------------------- field extraction


@dataclass
class _DocView:
    """Spans of one document (gold or predicted) with the text, for deriving field values."""

    text: str
    spans: list[Span3]
    reasoning_start: int
    operative_start: int = 0  # where the operative part begins (after the introduction)

    def texts(self, label: str) -> list[tuple[int, str]]:
        return [(s, self.text[s:e]) for lab, s, e in sorted(self.spans, key=lambda x: x[1]) if lab == label]

    def first(self, label: str, before: int | None = None) -> str | None:
        for s, t in self.texts(label):
            if before is None or s < before:
                return t
        return None

    def last(self, label: str) -> str | None:
        t = self.texts(label)
        return t[-1][1] if t else None


_SENTENCE_END = re.compile(r"\.(?=[ \t]*\n)|\.\s+(?=[A-ZČĆŽŠĐА-Я])|\n[ \t]*\n")


def _rest_of_sentence(text: str, i: int, limit: int = 400) -> str:
    """Text from ``i`` to the end of its sentence: a full stop at a line end or before a capital (not the
    dot of "2021. godine"), or a blank line."""
    m = _SENTENCE_END.search(text, i, min(len(text), i + limit))
    return text[i : m.start() if m else min(len(text), i + limit)]


def _main_sanction(v: _DocView, spans: list[Span3], allowed: list[int], verdict_text: str | None) -> tuple[str | None, float | None]:
    """The served sanction among ``spans[i]`` for i in ``allowed`` (operative SANCTION_TYPE spans): a unified
    sentence ("jedinstvenu kaznu zatvora") first, else the first prison/fine/community-service phrase; with
    its SANCTION_VALUE in months for prison, conditional and house arrest."""
    unified = [i for i in allowed if re.search(r"jedinstven|јединствен", v.text[spans[i][1] : spans[i][2]], re.I)]
    for i in unified + [i for i in allowed if i not in unified]:
        _, s, e = spans[i]
        cat = sanction_category(v.text[s:e], verdict_text, _rest_of_sentence(v.text, e))
        if cat is None:
            continue
        months = None
        if cat in ("prison", "conditional", "house_arrest"):
            for lab2, s2, e2 in spans[i + 1 : i + 3]:
                if lab2 == "SANCTION_VALUE" and s2 - e < 40:
                    months = duration_months(v.text[s2:e2])
                    break
        return cat, months
    return None, None


def _sentences(v: _DocView, spans: list[Span3], verdict_text: str | None) -> dict[str, tuple[str, float | None]] | None:
    """Every defendant's sentence in the operative part: the SANCTION_TYPE spans after a DEFENDANT span
    (until the next defendant's) are that defendant's; his served sanction as in :func:`_main_sanction`.
    Keyed by the defendant's initials; defendants without a sanction (acquitted ones) are not stated."""
    op, rs = v.operative_start, v.reasoning_start
    blocks: dict[str, list[int]] = {}
    current: str | None = None  # the defendant the introduction names last, until the operative part names one
    for i, (lab, s, e) in enumerate(spans):
        if s < op and lab == "DEFENDANT":
            current = defendant_key(v.text[s:e])
        if not op <= s < rs:
            continue
        if lab == "DEFENDANT":
            current = defendant_key(v.text[s:e])
        elif lab == "SANCTION_TYPE" and current is not None:
            blocks.setdefault(current, []).append(i)
    out = {}
    for key, allowed in blocks.items():
        cat, months = _main_sanction(v, spans, allowed, verdict_text)
        if cat is not None:
            out[key] = (cat, months)
    return out or None


def _charged_articles(v: _DocView, spans: list[Span3]) -> frozenset[str] | None:
    """Articles of the offences the operative part names: a PROVISION_MATERIAL span whose nearest
    provisions-family span before it is a CRIMINAL_ACT ending at most 120 characters earlier ("krivično
    djelo trgovina ljudima iz čl. 444 st. 1 KZ"); the provisions applied to the sanction ("primjenom čl. 4,
    32, 36 i 42") follow no act and are not charges."""
    op, rs = v.operative_start, v.reasoning_start
    out: set[str] = set()
    last_act: int | None = None
    for lab, s, e in spans:
        if not op <= s < rs:
            continue
        if lab == "CRIMINAL_ACT":
            last_act = e
        elif lab == "PROVISION_MATERIAL":
            if last_act is not None and s - last_act <= 120:
                art = offence_article(v.text[s:e])
                if art:
                    out.add(art)
            last_act = None
    return frozenset(out) if out else None


def _costs_amounts(v: _DocView) -> frozenset[Decimal] | None:
    """The amounts the operative part orders as costs of the proceedings (PROCEDURE_COSTS spans)."""
    out = set()
    for s, t in v.texts("PROCEDURE_COSTS"):
        if v.operative_start <= s < v.reasoning_start:
            m = re.search(r"\d[\d.,\s]*\d|\d", t)
            amount = parse_amount(m.group(0)) if m else None
            if amount is not None:
                out.add(amount)
    return frozenset(out) if out else None


def fields_from_spans(v: _DocView) -> dict[str, Any]:
    """The measured fields from spans: the same choice for gold and for predicted entities."""
    rs = v.reasoning_start
    verdict_text = v.first("VERDICT", rs) or v.first("VERDICT")
    verdict = verdict_category(verdict_text)
    judges = v.texts("JUDGE")
    judge = norm_person(judges[-1][1]) if judges else None
    defendants = {defendant_key(t) for s, t in v.texts("DEFENDANT") if s < rs}
    defendants.discard(None)
    if not defendants:
        defendants = {defendant_key(t) for _, t in v.texts("DEFENDANT")[:1]} - {None}
    # the main sanction: first prison/fine/community-service phrase of the operative part
    spans = sorted(v.spans, key=lambda x: x[1])
    operative = [i for i, (lab, s, _) in enumerate(spans) if lab == "SANCTION_TYPE" and s < rs]
    stype, months = _main_sanction(v, spans, operative, verdict_text)
    if stype is None and verdict in ("acquitted", "charges_rejected", "discontinued"):
        stype = "none"
    return {
        "case_number": norm_case_number(v.first("CASE_NUMBER")),
        "court": norm_court(v.first("COURT")),
        "decision_date": norm_date(v.last("DECISION_DATE")),
        "judge": judge,
        "defendants": frozenset(defendants) if defendants else None,
        "verdict": verdict,
        "sanction_type": stype,
        "prison_months": months,
        "offence_article": offence_article(v.first("PROVISION_MATERIAL", rs) or v.first("PROVISION_MATERIAL")),
        "registrar": norm_official(v.first("REGISTRAR")),
        "prosecutor": norm_official(v.first("PROSECUTOR")),
        "sentences": _sentences(v, spans, verdict_text),
        "offence_articles": _charged_articles(v, spans),
        "costs_amount": _costs_amounts(v),
    }


def _value(fv: Any) -> Any:
    if fv is None:
        return None
    if isinstance(fv, dict):
        return fv.get("value")
    return getattr(fv, "value", None)


def fields_from_record(record: Record) -> dict[str, Any]:
    """The measured fields of a draft record (contract paths); None where the record has nothing."""
    out: dict[str, Any] = dict.fromkeys(FIELDS)
    case = record.case
    out["case_number"] = norm_case_number(_value(case.get("case_number")))
    court = _value(case.get("court"))
    out["court"] = norm_court(court if isinstance(court, str) else (court or {}).get("name") if court else None)
    out["decision_date"] = norm_date(_value(case.get("decision_date")))
    judges = _value(case.get("judges"))
    if isinstance(judges, list) and judges:
        j = judges[0]
        out["judge"] = norm_person(j if isinstance(j, str) else (j or {}).get("name"))
    elif isinstance(judges, str):
        out["judge"] = norm_person(judges)
    defs = record.defendants
    names = {defendant_key(_value(d.get("name"))) for d in defs if isinstance(d, dict)} - {None}
    out["defendants"] = frozenset(names) if names else None
    for d in defs:
        if not isinstance(d, dict):
            continue
        for ch in d.get("charges") or []:
            if out["verdict"] is None:
                out["verdict"] = _value(ch.get("outcome"))
            if out["offence_article"] is None:
                prov = _value(ch.get("provision"))
                art = prov.get("article") if isinstance(prov, dict) else prov
                out["offence_article"] = str(art).lower() if art else None
        sent = d.get("sentence") or {}
        if out["sanction_type"] is None:
            out["sanction_type"] = _value(sent.get("type"))
        if out["prison_months"] is None:
            pm = _value(sent.get("prison_months"))
            out["prison_months"] = round(float(pm), 2) if isinstance(pm, (int, float)) else None
    out["registrar"] = norm_official(_text(_value(case.get("registrar"))))
    prosecutor = case.get("prosecutor")
    out["prosecutor"] = norm_official(_text(_value(prosecutor.get("name")))) if isinstance(prosecutor, dict) else None
    sentences: dict[str, tuple[str, float | None]] = {}
    articles: set[str] = set()
    for d in defs:
        if not isinstance(d, dict):
            continue
        key = defendant_key(_value(d.get("name")))
        sent = d.get("sentence") or {}
        stype = _value(sent.get("type"))
        if key and stype and key not in sentences:
            pm = _value(sent.get("prison_months"))
            sentences[key] = (stype, round(float(pm), 2) if isinstance(pm, (int, float)) else None)
        for ch in d.get("charges") or []:
            prov = _value(ch.get("provision"))
            art = prov.get("article") if isinstance(prov, dict) else prov
            if art:
                articles.add(str(art).lower())
    out["sentences"] = sentences or None
    out["offence_articles"] = frozenset(articles) if articles else None
    costs = case.get("costs")
    amount = _value(costs.get("amount")) if isinstance(costs, dict) else None
    try:
        out["costs_amount"] = Decimal(str(amount["amount"])) if isinstance(amount, dict) and amount.get("amount") else None
    except InvalidOperation:
        out["costs_amount"] = None
    return out


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _same_sentence(gold: tuple[str, float | None], pred: tuple[str, float | None] | None) -> bool:
    if pred is None or gold[0] != pred[0]:
        return False
    if gold[1] is None:
        return True
    return pred[1] is not None and abs(float(gold[1]) - float(pred[1])) < 0.05


def field_equal(name: str, gold: Any, pred: Any) -> bool:
    if pred is None:
        return False
    if name == "judge":
        return gold == pred
    if name == "prison_months":
        return abs(float(gold) - float(pred)) < 0.05
    if name == "defendants":
        return set(gold) == set(pred)
    if name == "sentences":  # every defendant the gold sentences has the same sentence in the record
        return all(_same_sentence(g, pred.get(key)) for key, g in gold.items())
    if name == "costs_amount":  # the record holds one amount: one of those the operative part orders
        return pred in gold
    return gold == pred


# --------------------------------------------------------------------------- report


@dataclass
class Report:
    split: str
    documents: int
    labels: dict[str, dict[str, dict[str, float | int]]]  # label -> strict/overlap -> metrics
    micro: dict[str, dict[str, float | int]]
    macro: dict[str, dict[str, float]]
    fields: dict[str, dict[str, Any]]  # field -> correct, total, accuracy, source
    seconds: float
    model: str | None = None
    detail: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "documents": self.documents,
            "model": self.model,
            "entities": {"labels": self.labels, "micro": self.micro, "macro": self.macro},
            "fields": self.fields,
            "seconds": round(self.seconds, 2),
            **({"detail": self.detail} if self.detail else {}),
        }


def make_document(text: str, name: str, language: str = "sr", script: str = "Latn") -> Document:
    """A Document over the gold text itself, so predicted offsets are gold offsets."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    prov = Provenance(path=name, sha256=sha, format="txt", size=len(text.encode("utf-8")), pipeline_version="eval")
    return Document(id=sha[:16], text=text, language=language, script=script, provenance=prov)


def _reasoning_start(text: str) -> int:
    return regions_from_markers(text, load_rules("sr-Latn"))["reasoning"][0]


def doc_view(text: str, spans: list[Span3], regions: dict[str, tuple[int, int]] | None = None) -> _DocView:
    """Spans of one document with the region bounds the field values need (operative part, reasoning)."""
    regions = regions or regions_from_markers(text, load_rules("sr-Latn"))
    return _DocView(text, spans, regions["reasoning"][0], regions["operative"][0])


def evaluate(
    gold_json: Path,
    texts_dir: Path,
    *,
    split: Split = "all",
    split_file: Path | None = DEFAULT_SPLIT_FILE,
    use_model: bool = True,
    fields_from: str = "record",
    detail: bool = False,
    predict: Callable[[Document], list[EntitySpan]] | None = None,
    labels: tuple[str, ...] = TASK_LABELS,
) -> Report:
    """Score the entities (and fields) of every task of one side of the split."""
    t0 = time.perf_counter()
    tasks: list[GoldTask] = load_tasks(Path(gold_json))
    chosen = select(tasks, split, split_file)
    if not chosen:
        raise GoldError(f"No task of {Path(gold_json).name} is in the '{split}' split.")
    if split == "heldout":
        detail = False
    if fields_from not in ("record", "entities"):
        raise ValueError(f"fields_from must be 'record' or 'entities', not {fields_from!r}")
    builder = build_record if fields_from == "record" else None
    strict = {lab: Counts() for lab in labels}
    overlap = {lab: Counts() for lab in labels}
    fcounts = {f: {"correct": 0, "total": 0, "from_record": 0} for f in FIELDS}
    details: list[dict[str, Any]] = []
    model_name = None
    for task in chosen:
        gtext = task_text(task, Path(texts_dir))
        text = analysis_text(gtext)
        gold = []
        for s in task.spans:
            if s.label in labels:
                a, b = norm_span(text, s.start, s.end)
                if b > a:
                    gold.append((s.label, a, b))
        doc = make_document(text, task.bare_name)
        ents = predict(doc) if predict else find_entities(doc, use_model=use_model)
        for e in ents:
            if e.source and e.source.startswith("model:"):
                model_name = e.source.split(":", 1)[1]
        pred = []
        for e in ents:
            if e.label in labels:
                a, b = norm_span(text, e.start, e.end)
                if b > a:
                    pred.append((e.label, a, b))
        for lab in labels:
            strict[lab].add(strict_counts(by_label(gold, lab), by_label(pred, lab)))
            overlap[lab].add(overlap_counts(by_label(gold, lab), by_label(pred, lab)))
        regions = regions_from_markers(text, load_rules("sr-Latn"))
        gf = fields_from_spans(doc_view(text, gold, regions))
        pf = fields_from_spans(doc_view(text, pred, regions))
        if builder is not None:
            pf = fields_from_record(builder(doc))
        for f in FIELDS:
            if gf[f] is None:
                continue
            value = pf[f]
            fcounts[f]["from_record"] += builder is not None
            fcounts[f]["total"] += 1
            ok = field_equal(f, gf[f], value)
            fcounts[f]["correct"] += ok
            if detail and not ok:
                details.append({"task": task.id, "field": f, "gold": _show(gf[f]), "predicted": _show(value)})
        if detail:
            for lab in labels:
                g, p = set(by_label(gold, lab)), set(by_label(pred, lab))
                for x in sorted(g - p, key=lambda x: x[1]):
                    details.append({"task": task.id, "label": lab, "missed": text[x[1] : x[2]], "at": x[1]})
                for x in sorted(p - g, key=lambda x: x[1]):
                    details.append({"task": task.id, "label": lab, "spurious": text[x[1] : x[2]], "at": x[1]})
    labels_out = {}
    micro_s, micro_o = Counts(), Counts()
    for lab in labels:
        labels_out[lab] = {"strict": strict[lab].as_dict(), "overlap": overlap[lab].as_dict()}
        micro_s.add(strict[lab])
        micro_o.add(overlap[lab])
    present = [lab for lab in labels if strict[lab].tp + strict[lab].fp + strict[lab].fn]
    macro = {
        kind: {
            "precision": round(sum(c[lab].precision for lab in present) / max(1, len(present)), 4),
            "recall": round(sum(c[lab].recall for lab in present) / max(1, len(present)), 4),
            "f1": round(sum(c[lab].f1 for lab in present) / max(1, len(present)), 4),
        }
        for kind, c in (("strict", strict), ("overlap", overlap))
    }
    fields_out = {}
    for f, c in fcounts.items():
        src = "record" if builder is not None else "entities"
        fields_out[f] = {
            "correct": c["correct"],
            "total": c["total"],
            "accuracy": round(c["correct"] / c["total"], 4) if c["total"] else None,
            "source": src,
        }
    return Report(
        split=split,
        documents=len(chosen),
        labels=labels_out,
        micro={"strict": micro_s.as_dict(), "overlap": micro_o.as_dict()},
        macro=macro,
        fields=fields_out,
        seconds=time.perf_counter() - t0,
        model=model_name,
        detail=details,
    )


def _show(v: Any) -> Any:
    if isinstance(v, frozenset):
        return sorted(str(x) for x in v)
    if isinstance(v, dict):
        return {k: list(x) for k, x in sorted(v.items())}
    return v


def render(report: Report, console: Any = None) -> None:
    """Rich tables: entities per label (strict and overlap) and field accuracy."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    t = Table(title=f"Entities — split {report.split}, {report.documents} documents"
              + (f", model {report.model}" if report.model else ", rules only"))
    for col in ("label", "P strict", "R strict", "F1 strict", "P overlap", "R overlap", "F1 overlap", "gold"):
        t.add_column(col, justify="right" if col != "label" else "left")
    for lab, m in report.labels.items():
        s, o = m["strict"], m["overlap"]
        t.add_row(lab, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                  f"{o['precision']:.3f}", f"{o['recall']:.3f}", f"{o['f1']:.3f}", str(s["tp"] + s["fn"]))
    s, o = report.micro["strict"], report.micro["overlap"]
    t.add_row("micro", f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
              f"{o['precision']:.3f}", f"{o['recall']:.3f}", f"{o['f1']:.3f}", str(s["tp"] + s["fn"]), style="bold")
    s, o = report.macro["strict"], report.macro["overlap"]
    t.add_row("macro", f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
              f"{o['precision']:.3f}", f"{o['recall']:.3f}", f"{o['f1']:.3f}", "", style="bold")
    console.print(t)
    ft = Table(title="Field accuracy")
    for col in ("field", "correct", "total", "accuracy", "source"):
        ft.add_column(col, justify="left" if col in ("field", "source") else "right")
    for f, m in report.fields.items():
        acc = "-" if m["accuracy"] is None else f"{m['accuracy']:.3f}"
        ft.add_row(f, str(m["correct"]), str(m["total"]), acc, m["source"])
    console.print(ft)


def run_cli(gold: Path, texts: Path, *, as_json: bool, split: str, split_file: Path | None, use_model: bool) -> int:
    """`spoton evaluate`: print the report (rich tables or JSON); bad gold input is a usage error."""
    if split not in ("dev", "heldout", "all"):
        raise ConfigError(f"--split must be heldout, dev or all, not '{split}'.")
    if not Path(gold).is_file():
        raise ConfigError(f"gold file not found: {gold}")
    if not Path(texts).is_dir():
        raise ConfigError(f"texts folder not found: {texts}")
    try:
        report = evaluate(gold, texts, split=split, split_file=split_file or DEFAULT_SPLIT_FILE,  # type: ignore[arg-type]
                          use_model=use_model)
    except GoldError as e:
        raise ConfigError(e.message) from e
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        render(report)
    return EXIT_OK
