"""Training sets from what people confirmed: the review database, its exports, Label Studio and CoNLL-U files,
and the development sets' gold facts.

    spoton train fields --from export:records.jsonl --from export:tasks.json --from devset:annotations/devsets/mk

A source is ``KIND:PATH``:

- ``db:URL`` - confirmed verdicts of the review database (record + text), read through :mod:`pipeline.store`;
- ``export:PATH`` - output of ``spoton export``: ``--format jsonl`` (records; no text, so give the Label Studio
  or DocBin export of the same verdicts too: the two are joined by ``doc_id``), ``--format labelstudio``
  (text + confirmed spans), ``--format docbin`` (``.spacy``); a folder reads every such file in it;
- ``labelstudio:PATH`` - a Label Studio JSON export with the text inline (``data.text``);
- ``conllu:PATH`` - CoNLL-U/IOB (one ``# newdoc`` a document, NER tag in the last column), e.g. COMtext.SR;
- ``devset:DIR`` - a development set (``texts/``, ``gold/``, ``split.json``), its ``dev`` part only
  (``devset:DIR#heldout`` or ``#all`` for the others).

Every document is one unit: the split into training and evaluation is made per document with a fixed seed
(a hash of seed and text, so adding documents never moves an old one to the other side), and the same text
reached through two sources is one document. The sha256 of a set (texts and labels) goes into the model's
meta, so a figure always says what it was measured on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, InputError

KINDS = ("db", "export", "labelstudio", "conllu", "devset")
DEFAULT_SEED = 20261202
DEFAULT_EVAL_FRACTION = 0.25


@dataclass
class TrainingDocument:
    """One verdict with what a person decided about it. ``victims``: per victim its name and the confirmed
    codebook values ({"name": "S.T.", "compensation.outcome": "granted", ...}); ``spans``: confirmed entity
    spans (label, start, end) in ``text``."""

    doc_id: str
    text: str = ""
    language: str | None = None
    script: str | None = None
    sources: list[str] = field(default_factory=list)
    victims: list[dict[str, Any]] | None = None
    defendants: list[dict[str, Any]] | None = None
    spans: list[tuple[str, int, int]] | None = None
    sentences: list[dict[str, Any]] | None = None  # {"start", "end", "section", "labels"} of a record
    anchors: list[tuple[int, int, str]] | None = None  # the record's entity offsets and texts

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def parse_source(spec: str) -> tuple[str, str, str | None]:
    """"devset:DIR#heldout" -> ("devset", "DIR", "heldout")."""
    kind, sep, rest = spec.partition(":")
    if not sep or kind not in KINDS or not rest:
        raise ConfigError(f"not a training source: {spec!r} (use KIND:PATH with KIND one of {', '.join(KINDS)})")
    path, _, part = rest.partition("#") if kind != "db" else (rest, "", "")
    return kind, path, part or None


# --------------------------------------------------------------------------- record values


def _value(node: Any) -> Any:
    """The value of a record field ({"value": ..., "status": ...}) or of a gold fact (plain)."""
    if isinstance(node, dict) and "value" in node and ("confidence" in node or "status" in node):
        return node.get("value")
    return node


def flat_values(person: dict[str, Any]) -> dict[str, Any]:
    """{"name": ..., "compensation.outcome": ...} from a record's or a gold file's person (one nesting level)."""
    out: dict[str, Any] = {}
    for key, node in (person or {}).items():
        if isinstance(node, dict) and not ("value" in node and ("confidence" in node or "status" in node)):
            for sub, leaf in node.items():
                out[f"{key}.{sub}"] = _value(leaf)
        else:
            out[key] = _value(node)
    return out


def _record_people(record: dict[str, Any], level: str) -> list[dict[str, Any]]:
    return [flat_values(p) for p in record.get(level) or [] if isinstance(p, dict)]


def _record_sentences(record: dict[str, Any]) -> list[dict[str, Any]] | None:
    out = [{"start": s["start"], "end": s["end"], "section": s.get("section") or "body",
            "labels": list(s.get("labels") or [])}
           for s in record.get("sentences") or []
           if isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int)]
    return out or None


def _record_anchors(record: dict[str, Any]) -> list[tuple[int, int, str]]:
    return [(int(e["start"]), int(e["end"]), str(e["text"])) for e in record.get("entities") or []
            if isinstance(e, dict) and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
            and isinstance(e.get("text"), str)]


def _record_spans(record: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [(e["label"], int(e["start"]), int(e["end"])) for e in record.get("entities") or []
            if isinstance(e, dict) and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)]


# --------------------------------------------------------------------------- readers


def _from_db(url: str, spec: str) -> list[TrainingDocument]:
    from sqlalchemy.orm import Session

    from pipeline.export import confirmed
    from pipeline.store.db import engine_for, migrate

    engine = engine_for(url)
    migrate(engine)
    out = []
    with Session(engine) as session:
        for doc, record in confirmed(session):
            out.append(TrainingDocument(doc.doc_id, doc.text or "", doc.language, doc.script, [spec],
                                        _record_people(record, "victims"), _record_people(record, "defendants"),
                                        _record_spans(record), _record_sentences(record),
                                        _record_anchors(record)))
    return out


def _from_jsonl(path: Path, spec: str) -> list[TrainingDocument]:
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            doc_id = str(record["document_id"])
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path.name}, line {i}: not a record ({exc})") from exc
        out.append(TrainingDocument(doc_id, "", record.get("language"), record.get("script"), [spec],
                                    _record_people(record, "victims"), _record_people(record, "defendants"),
                                    _record_spans(record), _record_sentences(record),
                                        _record_anchors(record)))
    return out


def _from_labelstudio(path: Path, spec: str) -> list[TrainingDocument]:
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"{path} is not a Label Studio JSON export: {exc}") from exc
    if not isinstance(tasks, list):
        raise InputError(f"{path} is not a Label Studio JSON export (a list of tasks)")
    out = []
    for n, task in enumerate(tasks, start=1):
        data = task.get("data") or {}
        text = data.get("text")
        if not isinstance(text, str):
            raise InputError(f"{path.name}: task {task.get('id', n)} has no inline text (data.text); "
                             "use `spoton train ner --gold ... --texts DIR` for exports that point to files")
        spans: list[tuple[str, int, int]] = []
        annotations = task.get("annotations") or []
        for item in (annotations[0].get("result") or []) if annotations else []:
            value = item.get("value") or {}
            for label in value.get("labels") or []:
                if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
                    spans.append((label, value["start"], value["end"]))
        doc_id = str(data.get("doc_id") or hashlib.sha256(text.encode("utf-8")).hexdigest())
        out.append(TrainingDocument(doc_id, text, data.get("language"), None, [spec], spans=spans))
    return out


def _from_docbin(path: Path, spec: str) -> list[TrainingDocument]:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("xx")
    out = []
    for doc in DocBin(store_user_data=True).from_bytes(path.read_bytes()).get_docs(nlp.vocab):
        doc_id = str(doc.user_data.get("doc_id") or hashlib.sha256(doc.text.encode("utf-8")).hexdigest())
        out.append(TrainingDocument(doc_id, doc.text, None, None, [spec],
                                    spans=[(e.label_, e.start_char, e.end_char) for e in doc.ents]))
    return out


def _from_conllu(path: Path, spec: str) -> list[TrainingDocument]:
    """Tokens joined by spaces, a sentence a line; IOB tags of the last column become spans."""
    docs: list[TrainingDocument] = []
    lines: list[str] = []
    spans: list[tuple[str, int, int]] = []
    pos = 0
    current: list[Any] | None = None
    doc_id = ""

    def close_span() -> None:
        nonlocal current
        if current is not None:
            spans.append((current[0], current[1], current[2]))
            current = None

    def close_doc() -> None:
        nonlocal lines, spans, pos
        close_span()
        if lines:
            docs.append(TrainingDocument(doc_id or f"{path.stem}-{len(docs) + 1}", "".join(lines), "sr", "Latn",
                                         [spec], spans=spans))
        lines, spans, pos = [], [], 0

    sentence: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        if raw.startswith("# newdoc id"):
            if sentence:
                lines.append(" ".join(sentence) + "\n")
                pos += 1
                sentence = []
            close_doc()
            doc_id = f"{path.stem}:{raw.split('=', 1)[1].strip()}"
            continue
        if raw.startswith("#"):
            continue
        if not raw.strip():
            close_span()
            if sentence:
                lines.append(" ".join(sentence) + "\n")
                pos += 1
                sentence = []
            continue
        cols = raw.split("\t")
        if len(cols) < 2 or not cols[0].isdigit():
            continue  # multi-word token ranges ("1-2") and empty nodes
        form, tag = cols[1], cols[-1].strip()
        if sentence:
            pos += 1  # the space before this token
        start = pos
        sentence.append(form)
        pos += len(form)
        if tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[0] != tag[2:])):
            close_span()
            current = [tag[2:], start, pos]
        elif tag.startswith("I-") and current is not None:
            current[2] = pos
        else:
            close_span()
    close_doc()
    return docs


def _from_devset(folder: Path, part: str | None, spec: str) -> list[TrainingDocument]:
    from pipeline.evaluate_facts import load_devset

    out = []
    for verdict in load_devset(folder, part or "dev"):
        gold = verdict.gold
        case = gold.get("case") or {}
        out.append(TrainingDocument(f"devset:{verdict.id}", verdict.text.read_text(encoding="utf-8"),
                                    case.get("language"), case.get("script"), [spec],
                                    _record_people(gold, "victims"), _record_people(gold, "defendants")))
    return out


def _from_export(path: Path, spec: str) -> list[TrainingDocument]:
    files = sorted(p for p in path.iterdir() if p.suffix in (".jsonl", ".json", ".spacy")) if path.is_dir() else [path]
    out: list[TrainingDocument] = []
    for file in files:
        if file.suffix == ".jsonl":
            out += _from_jsonl(file, spec)
        elif file.suffix == ".spacy":
            out += _from_docbin(file, spec)
        else:
            out += _from_labelstudio(file, spec)
    return out


def read_source(spec: str) -> list[TrainingDocument]:
    kind, where, part = parse_source(spec)
    if kind == "db":
        return _from_db(where, spec)
    path = Path(where)
    if not path.exists():
        raise ConfigError(f"training source not found: {spec}")
    try:
        if kind == "export":
            return _from_export(path, spec)
        if kind == "labelstudio":
            return _from_labelstudio(path, spec)
        if kind == "conllu":
            return _from_conllu(path, spec)
        return _from_devset(path, part, spec)
    except OSError as exc:
        raise InputError(f"training source {spec} cannot be read: {exc}") from exc


def merge(documents: Iterable[TrainingDocument]) -> list[TrainingDocument]:
    """One document per doc_id (a records export joined with the texts of another) and per text."""
    by_id: dict[str, TrainingDocument] = {}
    for doc in documents:
        seen = by_id.get(doc.doc_id)
        if seen is None:
            by_id[doc.doc_id] = TrainingDocument(doc.doc_id, doc.text, doc.language, doc.script, list(doc.sources),
                                                 doc.victims, doc.defendants, doc.spans, doc.sentences,
                                                 doc.anchors)
            continue
        seen.sentences = seen.sentences if seen.sentences is not None else doc.sentences
        seen.anchors = seen.anchors if seen.anchors is not None else doc.anchors
        seen.text = seen.text or doc.text
        seen.language = seen.language or doc.language
        seen.script = seen.script or doc.script
        seen.sources += [s for s in doc.sources if s not in seen.sources]
        seen.victims = seen.victims if seen.victims is not None else doc.victims
        seen.defendants = seen.defendants if seen.defendants is not None else doc.defendants
        seen.spans = seen.spans if seen.spans else doc.spans
    by_text: dict[str, TrainingDocument] = {}
    for doc in by_id.values():
        if doc.text:
            by_text.setdefault(doc.text_sha256, doc)
    return sorted(by_text.values(), key=lambda d: d.doc_id)


def load(sources: Iterable[str]) -> tuple[list[TrainingDocument], int]:
    """Documents of every source, merged; and how many had no text (a records export without its texts)."""
    everything: list[TrainingDocument] = []
    for spec in sources:
        everything += read_source(spec)
    ids_with_text = {d.doc_id for d in everything if d.text}
    missing = len({d.doc_id for d in everything if d.doc_id not in ids_with_text})
    return merge(everything), missing


def in_eval(doc: TrainingDocument, seed: int, fraction: float) -> bool:
    """Whether a document is on the evaluation side: a seeded hash of its text, stable as the set grows."""
    digest = hashlib.sha256(f"{seed}:{doc.text_sha256}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def split(documents: list[TrainingDocument], *, seed: int = DEFAULT_SEED, fraction: float = DEFAULT_EVAL_FRACTION,
          eval_documents: list[TrainingDocument] | None = None
          ) -> tuple[list[TrainingDocument], list[TrainingDocument]]:
    """(train, eval) by document. With ``eval_documents`` (``--eval SOURCE``) those are the evaluation set and
    any training document with the same text is dropped from training."""
    if eval_documents is not None:
        held = {d.text_sha256 for d in eval_documents}
        return [d for d in documents if d.text_sha256 not in held], list(eval_documents)
    train, held_out = [], []
    for doc in documents:
        (held_out if in_eval(doc, seed, fraction) else train).append(doc)
    return train, held_out


def fingerprint(documents: Iterable[TrainingDocument], labels: Any = None) -> str:
    """sha256 of a set: each document's text hash with the labels a task reads from it (``labels(doc)``)."""
    rows = sorted(json.dumps([d.text_sha256, labels(d) if labels else None], ensure_ascii=False, sort_keys=True,
                             default=str) for d in documents)
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()


def sentences_fit(doc: TrainingDocument) -> bool:
    """Whether a record's sentence offsets address this text: every entity of the record reads the same at
    its offsets. A pseudonymised export (victims' names replaced in the text) shifts them; then only the
    text itself can be segmented again."""
    if not doc.sentences or not doc.text:
        return False
    if any(s["end"] > len(doc.text) or s["start"] >= s["end"] for s in doc.sentences):
        return False
    return all(doc.text[a:b] == t for a, b, t in doc.anchors or [])
