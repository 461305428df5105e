"""The draft record of every sample verdict against its gold facts (annotations/samples/<id>.yaml).

Every sample in pipeline/samples/catalog.yaml (Serbian Cyrillic PDF, Serbian Latin DOCX and scan,
Macedonian PDF and TIFF scan, Albanian DOCX and scan, Croatian cp1250 text, HTML from a portal, a phone
photo) is rendered into its real file format, read by ``pipeline.ingest.ingest`` and coded by
``build_record``. The fields a lawyer checks first must equal the gold facts, and the evidence of
each must really contain the value: court, case number, decision date, judges, each defendant with
the provisions and outcomes of the charges and the length of the sentence, each victim with the
decision on compensation. All other fields are compared too and reported as an accuracy figure.

Also: ``build_record`` over the 789 Montenegrin verdicts of ../shared/corpora/me-verdicts (marked
slow/corpus), with the share of records that have each key field.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.coding.extract import names

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "annotations" / "samples"
SHARED = REPO.parent / "shared"
ME_VERDICTS = SHARED / "corpora" / "me-verdicts"

GOLD_IDS = sorted(p.stem for p in GOLD_DIR.glob("*.yaml"))


# --------------------------------------------------------------------------- helpers


def fold(s: str) -> str:
    """Lower case, no diacritics, Cyrillic read as Latin, single spaces: for comparing texts."""
    from pipeline.nlp.entities import to_latin

    s = unicodedata.normalize("NFC", str(s))
    s = to_latin(s)[0]
    s = s.replace("đ", "dj").replace("Đ", "Dj")
    s = "".join(c for c in unicodedata.normalize("NFD", s.lower()) if not unicodedata.combining(c))
    s = re.sub(r"[\u201c\u201d\u201e\u00ab\u00bb\"']", '"', s)
    return re.sub(r"\s+", " ", s).strip()


def value(fv: Any) -> Any:
    if isinstance(fv, dict) and "value" in fv:
        return fv["value"]
    return getattr(fv, "value", fv)


def plain(x: Any) -> Any:
    """Gold and record values in one shape: dates as ISO strings, money amounts as Decimal."""
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, dict):
        if set(x) == {"amount", "currency"}:
            return {
                "amount": Decimal(str(x["amount"])) if x["amount"] is not None else None,
                "currency": x["currency"],
            }
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [plain(v) for v in x]
    if isinstance(x, float) and x == int(x):
        return int(x)
    return x


def same(expected: Any, got: Any) -> bool:
    e, g = plain(expected), plain(got)
    if isinstance(e, str) and isinstance(g, str):
        return fold(e) == fold(g)
    if isinstance(e, list) and isinstance(g, list):
        return len(e) == len(g) and all(same(a, b) for a, b in zip(e, g, strict=True))
    if isinstance(e, dict) and isinstance(g, dict):
        return all(same(e.get(k), g.get(k)) for k in set(e) | set(g))
    if isinstance(e, (int, float)) and isinstance(g, (int, float)) and not isinstance(e, bool):
        return abs(e - g) < 0.01
    return e == g


def codebook_paths(level: str, derived: bool = True) -> list[str]:
    from pipeline.coding.codebook import codebook

    return [f.name for f in codebook().fields(level) if f.type != "records" and (derived or not f.derived)]


def get_path(obj: dict, dotted: str) -> Any:
    node: Any = obj
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def evidence_holds(fv: Any, expected: Any, kind: str) -> bool:
    """Whether the evidence of a field really contains its value (normalised)."""
    from pipeline.nlp.normalize import find_dates, find_durations, find_money

    ev = fv["evidence"] if isinstance(fv, dict) else fv.evidence
    texts = [e["text"] if isinstance(e, dict) else e.text for e in ev]
    if not texts:
        return False
    exp = plain(expected)
    if kind == "date":
        return any(any(d.isoformat() == exp for _, _, d in find_dates(t)) for t in texts)
    if kind == "months":
        return any(any(abs(d.total_months - exp) < 0.01 for _, _, d in find_durations(t)) for t in texts)
    if kind == "money":
        return any(
            any(m.amount == exp["amount"] for _, _, m in find_money(t, exp["currency"])) for t in texts
        )
    if kind == "provision":
        art = re.sub(r"[^0-9a-z]", "", fold(exp["article"]))
        return any(art[:3] in re.sub(r"[^0-9a-z]", "", fold(t)) for t in texts)
    if kind == "names":
        return all(any(fold(n) in fold(t) or _name_in(n, t) for t in texts) for n in exp)
    if kind == "name":
        return any(fold(exp) in fold(t) or _name_in(exp, t) for t in texts)
    return any(fold(exp) in fold(t) for t in texts)


def _name_in(name: str, text: str) -> bool:
    """A name written in another grammatical case ("Dragane Mitrović" for "Dragana Mitrović")."""
    words = re.findall(r"[^\W\d_]+", text)
    n = len(names.tokens(name))
    lat = fold(name)
    return any(names.same_person(fold(" ".join(words[i : i + n])), lat) for i in range(len(words) - n + 1))


# --------------------------------------------------------------------------- comparison


KEY_CASE = {"court": "text", "case_number": "text", "decision_date": "date", "judges": "names"}


def compare(record: dict, gold: dict) -> tuple[list[str], list[str], int, int]:
    """(failures of key fields, differences in other fields, fields right, fields compared)."""
    key_fail: list[str] = []
    other: list[str] = []
    right = total = 0

    def check(path: str, exp: Any, fv: Any, key: bool, kind: str | None = None) -> None:
        nonlocal right, total
        got = value(fv)
        total += 1
        ok = same(exp, got)
        if ok and key and exp not in (None, [], "") and kind and not evidence_holds(fv, exp, kind):
            key_fail.append(f"{path}: evidence {[e['text'] for e in fv['evidence']]} does not hold {exp!r}")
            return
        if ok:
            right += 1
        elif key:
            key_fail.append(f"{path}: expected {plain(exp)!r}, got {plain(got)!r}")
        else:
            other.append(f"{path}: expected {plain(exp)!r}, got {plain(got)!r}")

    case = record["case"]
    for name in codebook_paths("case", derived=False):
        exp = get_path(gold["case"], name)
        check(f"case.{name}", exp, get_path(case, name), name in KEY_CASE, KEY_CASE.get(name))

    gdefs, rdefs = gold.get("defendants") or [], record["defendants"]
    if len(gdefs) != len(rdefs):
        key_fail.append(
            f"defendants: expected {[d['name'] for d in gdefs]}, got {[value(d['name']) for d in rdefs]}"
        )
    for gi, gd in enumerate(gdefs):
        rd = next((d for d in rdefs if names.same_person(fold(value(d["name"]) or ""), fold(gd["name"]))), None)
        if rd is None:
            key_fail.append(f"defendant {gd['name']}: not found")
            continue
        p = f"defendants[{gi}]"
        check(f"{p}.name", gd["name"], rd["name"], True, "name")
        for name in codebook_paths("defendant"):
            if name == "name" or name.startswith("sentence."):
                continue
            check(f"{p}.{name}", gd.get(name), rd.get(name), False)
        gs, rs = gd.get("sentence") or {}, rd.get("sentence") or {}
        for name in codebook_paths("defendant"):
            if not name.startswith("sentence."):
                continue
            short = name.split(".", 1)[1]
            key = short in ("type", "prison_months")
            check(
                f"{p}.{name}",
                gs.get(short),
                rs.get(short),
                key,
                "months" if short == "prison_months" else None,
            )
        gch, rch = gd.get("charges") or [], rd.get("charges") or []
        if len(gch) != len(rch):
            key_fail.append(f"{p}.charges: expected {len(gch)}, got {len(rch)}")
        for ci, (gc, rc) in enumerate(zip(gch, rch, strict=False)):
            for name in codebook_paths("charge"):
                key = name in ("provision", "outcome")
                check(
                    f"{p}.charges[{ci}].{name}",
                    gc.get(name),
                    rc.get(name),
                    key,
                    "provision" if name == "provision" else None,
                )

    gvics, rvics = gold.get("victims") or [], record["victims"]
    if len(gvics) != len(rvics):
        key_fail.append(
            f"victims: expected {[v['name'] for v in gvics]}, got {[value(v['name']) for v in rvics]}"
        )
    for vi, gv in enumerate(gvics):
        rv = next((v for v in rvics if names.same_person(fold(value(v["name"]) or ""), fold(gv["name"]))), None)
        if rv is None:
            key_fail.append(f"victim {gv['name']}: not found")
            continue
        p = f"victims[{vi}]"
        check(f"{p}.name", gv["name"], rv["name"], True, "name")
        for name in codebook_paths("victim"):
            if name == "name":
                continue
            key = name == "compensation.outcome"
            check(f"{p}.{name}", get_path(gv, name), get_path(rv, name), key)
    return key_fail, other, right, total


# --------------------------------------------------------------------------- samples


def _reader_missing(fmt: str) -> str | None:
    import importlib.util

    need = {
        "pdf": "pipeline.ingest.pdf",
        "tiff": "pipeline.ingest.images",
        "jpeg": "pipeline.ingest.images",
        "png": "pipeline.ingest.images",
        "docx": "pipeline.ingest.docx",
        "txt": "pipeline.ingest.plaintext",
        "html": "pipeline.ingest.plaintext",
    }.get(fmt)
    if need and importlib.util.find_spec(need) is None:
        return need
    return None


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("samples")


_RECORDS: dict[str, dict] = {}


def record_of(sample_id: str, out: Path) -> dict:
    """The record of a sample (read once per test session: scans take Tesseract seconds)."""
    if sample_id not in _RECORDS:
        _RECORDS[sample_id] = _build(sample_id, out)
    return _RECORDS[sample_id]


def _build(sample_id: str, out: Path) -> dict:
    from pipeline.coding import build_record
    from pipeline.config import RunConfig
    from pipeline.ingest import ingest
    from pipeline.samples.generate import build_sample, sample_info

    info = sample_info(sample_id)
    missing = _reader_missing(info["format"])
    if missing:
        pytest.skip(f"{info['format']} reader {missing} not written yet")
    raw = REPO / "data" / "raw" / info["output"]
    path = raw if raw.is_file() else build_sample(sample_id, out)
    doc = ingest(path, RunConfig())
    return build_record(doc).model_dump(by_alias=True, mode="json")


@pytest.mark.parametrize("sample_id", GOLD_IDS)
def test_record_matches_gold(sample_id: str, sample_dir: Path) -> None:
    gold = yaml.safe_load((GOLD_DIR / f"{sample_id}.yaml").read_text(encoding="utf-8"))
    record = record_of(sample_id, sample_dir)
    key_fail, other, right, total = compare(record, gold)
    print(f"\n{sample_id}: {right}/{total} fields right; other differences:\n  " + "\n  ".join(other))
    assert not key_fail, f"{sample_id}:\n  " + "\n  ".join(key_fail)


@pytest.mark.parametrize("sample_id", GOLD_IDS)
def test_record_fits_codebook(sample_id: str, sample_dir: Path) -> None:
    """Every codebook field is present, every value fits its type, every evidence span is the text."""
    from pipeline.coding.codebook import codebook

    record = record_of(sample_id, sample_dir)
    assert codebook().validate(record) == []
    court = record["case"]["court"]["evidence"][0]
    assert court["page"] >= 1
    if record["source"]["format"] in ("pdf", "tiff", "jpeg", "png"):
        # evidence carries the box of its words on the page image, for the review app to highlight
        box = court["bbox"]
        assert box is not None and box["x1"] > box["x0"] and box["y1"] > box["y0"]
    for name in codebook_paths("case"):
        assert get_path(record["case"], name) is not None, f"case.{name} missing"
    for d in record["defendants"]:
        for name in codebook_paths("defendant"):
            assert get_path(d, name) is not None, f"defendant.{name} missing"


# --------------------------------------------------------------------------- real corpus


@pytest.mark.slow
@pytest.mark.corpus
def test_me_corpus_records() -> None:
    """build_record over every Montenegrin verdict: no exception, and the share of key fields."""
    if not ME_VERDICTS.is_dir():
        pytest.skip("../shared/corpora not present")
    from pipeline.coding import analyse, build_record
    from pipeline.config import RunConfig
    from pipeline.ingest import ingest

    files = sorted(ME_VERDICTS.glob("*.txt"))
    have = {"court": 0, "case_number": 0, "decision_date": 0, "judge": 0, "defendant": 0, "outcome": 0}
    t_an = t_ex = 0.0
    for f in files:
        doc = ingest(f, RunConfig())
        t0 = time.process_time()
        structure, entities = analyse(doc)
        t1 = time.process_time()
        rec = build_record(doc, structure, entities)
        t_ex += time.process_time() - t1
        t_an += t1 - t0
        case = rec.case
        have["court"] += case["court"].value is not None
        have["case_number"] += case["case_number"].value is not None
        have["decision_date"] += case["decision_date"].value is not None
        have["judge"] += bool(case["judges"].value)
        have["defendant"] += bool(rec.defendants)
        have["outcome"] += any(value(c["outcome"]) for d in rec.defendants for c in d["charges"])
    n = len(files)
    shares = {k: round(v / n, 3) for k, v in have.items()}
    print(f"\n{n} verdicts; shares: {shares}")
    print(
        f"CPU per verdict: analysis {t_an / n * 1000:.1f} ms, extraction {t_ex / n * 1000:.1f} ms "
        f"({n / (t_an + t_ex):.1f} records/s/core)"
    )
    assert n >= 700
    assert shares["court"] > 0.9 and shares["case_number"] > 0.9 and shares["decision_date"] > 0.9
    assert shares["defendant"] > 0.9 and shares["outcome"] > 0.8
