"""Field accuracy of draft records against gold facts, per language, script and input format.

The Label Studio evaluation (:mod:`pipeline.evaluate`) measures entity spans on the real Montenegrin
verdicts. The partner organisations work in Macedonian, Albanian and Serbian Cyrillic, for which no real
annotated verdicts are at hand: ``annotations/devsets/<lang>/`` holds verdicts written for measuring, each
with the facts a lawyer would code (``gold/<id>.yaml``, same keys as ``annotations/samples``) and a split
whose held-out part is never read while tuning.

Every verdict is run through the real batch (``run_batch``) as a user would meet it: as a text file, as a
Word file, and as a noisy 200-dpi scan made from its rendered PDF. Field groups and their targets are data
(``resources/evaluation/fact_groups.yaml``). Comparison is deliberately strict and independent of the
extraction rules: values equal after Unicode, case, whitespace and quote normalisation; people matched by
their name as the gold writes it (nominative), in any word order.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pipeline.datafiles import load_yaml, parse_yaml
from pipeline.errors import ConfigError, InputError
from pipeline.model import at_path
from pipeline.text.translit import to_latin

GROUPS_FILE = "evaluation/fact_groups.yaml"
VARIANTS = ("text", "docx", "scan")
SCAN_DPI = 200


# --------------------------------------------------------------------------- the set


@dataclass
class Verdict:
    id: str
    text: Path
    gold: dict[str, Any]


def load_devset(folder: Path, split: str = "all") -> list[Verdict]:
    """The verdicts of ``folder`` (``texts/``, ``gold/``, ``split.json``) in the given split."""
    folder = Path(folder)
    split_file = folder / "split.json"
    if not split_file.is_file():
        raise InputError(f"{folder} has no split.json: not a development set folder.", error="bad_devset")
    try:
        parts = json.loads(split_file.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"{split_file} is not valid JSON: {exc}", error="bad_devset") from exc
    if split == "all":
        ids = sorted(set(parts.get("dev", [])) | set(parts.get("heldout", [])))
    elif split in ("dev", "heldout"):
        ids = list(parts.get(split, []))
    else:
        raise ConfigError(f"unknown split {split!r}: use dev, heldout or all")
    out = []
    for vid in ids:
        text, gold = folder / "texts" / f"{vid}.txt", folder / "gold" / f"{vid}.yaml"
        if not text.is_file() or not gold.is_file():
            raise InputError(f"{folder}: {vid} is in split.json but {text.name} or {gold.name} is missing.",
                             error="bad_devset")
        out.append(Verdict(vid, text, parse_yaml(gold.read_text(encoding="utf-8")) or {}))
    return out


def make_split(ids: list[str], seed: int, heldout_share: float = 1 / 3) -> dict[str, Any]:
    """A reproducible dev/held-out split of ``ids`` (held-out chosen at random, never by hand)."""
    ordered = sorted(ids)
    held = sorted(random.Random(seed).sample(ordered, round(len(ordered) * heldout_share)))
    return {"seed": seed, "dev": [i for i in ordered if i not in held], "heldout": held}


def render_variant(verdict: Verdict, variant: str, folder: Path, seed: int = 0) -> Path:
    """The verdict as a user would receive it: ``text`` file, Word ``docx`` or a noisy 200-dpi ``scan``."""
    from pipeline.samples.degrade import degrade, save_image_pdf, scan_pages
    from pipeline.samples.generate import render_docx, render_pdf, render_text

    source = verdict.text.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    if variant == "text":
        path = folder / f"{verdict.id}.txt"
        render_text(source, path)
    elif variant == "docx":
        path = folder / f"{verdict.id}.docx"
        render_docx(source, path)
    elif variant == "scan":
        path = folder / f"{verdict.id}.pdf"
        with tempfile.TemporaryDirectory() as tmp:
            clean = Path(tmp) / "clean.pdf"
            render_pdf(source, clean)
            pages = [degrade(im, seed + i) for i, im in enumerate(scan_pages(clean, dpi=SCAN_DPI))]
        save_image_pdf(pages, path, dpi=SCAN_DPI)
    else:
        raise ConfigError(f"unknown variant {variant!r}: use {', '.join(VARIANTS)}")
    return path


# --------------------------------------------------------------------------- comparison


def fold(value: Any, lang: str | None = None) -> str:
    """A text as compared: Latin letters, lower case, no diacritics, straight quotes, single spaces."""
    s = unicodedata.normalize("NFC", str(value))
    s = to_latin(s, lang).text
    s = s.replace("đ", "dj").replace("Đ", "Dj")
    s = "".join(c for c in unicodedata.normalize("NFD", s.lower()) if not unicodedata.combining(c))
    s = re.sub(r"[\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\"'`]", '"', s)
    s = re.sub(r"\s+", " ", s).strip(" ,;")
    return re.sub(r"\s*([./-])\s*", r"\1", s)


def _plain(x: Any) -> Any:
    if hasattr(x, "isoformat"):
        return x.isoformat()
    if isinstance(x, dict):
        if "value" in x and "confidence" in x:  # a record field
            return _plain(x["value"])
        if set(x) == {"amount", "currency"}:
            try:
                amount = Decimal(str(x["amount"])) if x["amount"] is not None else None
            except InvalidOperation:
                amount = x["amount"]
            return {"amount": amount, "currency": x["currency"]}
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    if isinstance(x, float) and x == int(x):
        return int(x)
    return x


def same(expected: Any, got: Any, lang: str | None = None) -> bool:
    """Gold value and record value mean the same (``None`` and empty lists are "not stated")."""
    e, g = _plain(expected), _plain(got)
    if e in (None, [], "") or g in (None, [], ""):
        return e in (None, [], "") and g in (None, [], "")
    if isinstance(e, str) and isinstance(g, str):
        return fold(e, lang) == fold(g, lang)
    if isinstance(e, list) and isinstance(g, list):
        return len(e) == len(g) and all(same(a, b, lang) for a, b in zip(e, g, strict=True))
    if isinstance(e, dict) and isinstance(g, dict):
        return all(same(e.get(k), g.get(k), lang) for k in set(e) | set(g))
    if isinstance(e, bool) or isinstance(g, bool):
        return e == g
    if isinstance(e, (int, float, Decimal)) and isinstance(g, (int, float, Decimal)):
        return abs(float(e) - float(g)) < 0.01
    return str(e) == str(g)


def _get(obj: Any, dotted: str) -> Any:
    return _plain(at_path(obj, dotted))


def _person_key(name: Any, lang: str | None) -> tuple[str, ...]:
    words = re.findall(r"[^\W_]+", fold(name or "", lang))
    return tuple(sorted(words))


def _match_people(gold: list[dict], got: list[dict], lang: str | None) -> list[dict | None]:
    """For each gold person, the record's person of the same name (each used once), or None."""
    free = list(got)
    out: list[dict | None] = []
    for person in gold:
        key = _person_key(person.get("name"), lang)
        hit = next((p for p in free if key and _person_key(_plain(p.get("name")), lang) == key), None)
        if hit is not None:
            free.remove(hit)
        out.append(hit)
    return out


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(what)

    @property
    def accuracy(self) -> float | None:
        return self.right / self.total if self.total else None


def groups() -> dict[str, dict[str, Any]]:
    data = load_yaml(GROUPS_FILE, "evaluation group file")
    if not isinstance(data.get("groups"), dict):
        raise ConfigError(f"evaluation group file {GROUPS_FILE}: 'groups' must be a mapping")
    return data["groups"]


def max_variant_loss() -> float:
    return float(load_yaml(GROUPS_FILE, "evaluation group file").get("max_variant_loss", 0.03))


def _pair_charges(gold: list[dict[str, Any]], got: list[dict[str, Any]], lang: str | None) -> list[dict[str, Any] | None]:
    """A defendant's record charges paired with the gold ones: by the same provision first, the rest in order. A
    coding record's charges are a set, not a sequence: a verdict may list them in one order in the introduction's
    table and in another in its operative part, and either order is coded right."""
    pairs: list[int | None] = [None] * len(gold)
    used: set[int] = set()
    for gi, gc in enumerate(gold):
        if gc.get("provision") is None:
            continue
        ri = next((ri for ri, rc in enumerate(got)
                   if ri not in used and same(gc.get("provision"), _get(rc, "provision"), lang)), None)
        if ri is not None:
            pairs[gi] = ri
            used.add(ri)
    rest = [ri for ri in range(len(got)) if ri not in used]
    for gi in range(len(gold)):
        if pairs[gi] is None and rest:
            pairs[gi] = rest.pop(0)
    return [None if ri is None else got[ri] for ri in pairs]


def compare(record: dict[str, Any], gold: dict[str, Any], vid: str = "") -> dict[str, Tally]:
    """Each group's items of one verdict: right or wrong, with a short reason for the wrong ones."""
    lang = (gold.get("case") or {}).get("language")
    tallies = {name: Tally() for name in groups()}
    gcase, rcase = gold.get("case") or {}, record.get("case") or {}
    gdefs, rdefs = gold.get("defendants") or [], record.get("defendants") or []
    gvics, rvics = gold.get("victims") or [], record.get("victims") or []
    def_match = _match_people(gdefs, rdefs, lang)
    vic_match = _match_people(gvics, rvics, lang)

    for name, spec in groups().items():
        tally, kind = tallies[name], spec["kind"]
        if kind == "case":
            diffs = [f for f in spec["fields"] if not same(_get(gcase, f), _get(rcase, f), lang)]
            tally.add(not diffs, f"{vid} case: " + "; ".join(
                f"{f}: expected {_get(gcase, f)!r}, got {_get(rcase, f)!r}" for f in diffs))
        elif kind == "people":
            g, matched = (gdefs, def_match) if spec["level"] == "defendants" else (gvics, vic_match)
            r = rdefs if spec["level"] == "defendants" else rvics
            for person, m in zip(g, matched, strict=True):
                tally.add(m is not None, f"{vid} {spec['level']}: {person.get('name')!r} not found")
            for _ in range(len(r) - len(g)):  # more people than the gold: the extra ones are wrong items
                tally.add(False, f"{vid} {spec['level']}: extra {[_plain(p.get('name')) for p in r]}")
        elif kind == "charge":
            for gd, rd in zip(gdefs, def_match, strict=True):
                gch = gd.get("charges") or []
                paired = _pair_charges(gch, (rd or {}).get("charges") or [], lang)
                for ci, (gc, rc) in enumerate(zip(gch, paired, strict=True)):
                    got = _get(rc, spec["field"]) if rc is not None else None
                    tally.add(rd is not None and same(gc.get(spec["field"]), got, lang),
                              f"{vid} {gd.get('name')} charge {ci + 1} {spec['field']}: "
                              f"expected {_plain(gc.get(spec['field']))!r}, got {got!r}")
        elif kind == "sentence":
            for gd, rd in zip(gdefs, def_match, strict=True):
                gs, rs = gd.get("sentence") or {}, (rd or {}).get("sentence") or {}
                diffs = [f for f in spec["fields"] if not same(gs.get(f), _get(rs, f), lang)]
                tally.add(rd is not None and not diffs, f"{vid} {gd.get('name')} sentence: " + "; ".join(
                    f"{f}: expected {_plain(gs.get(f))!r}, got {_get(rs, f)!r}" for f in diffs))
        elif kind == "victim":
            for gv, rv in zip(gvics, vic_match, strict=True):
                got = _get(rv, spec["field"]) if rv is not None else None
                tally.add(rv is not None and same(_get(gv, spec["field"]), got, lang),
                          f"{vid} victim {gv.get('name')} not found" if rv is None else
                          f"{vid} victim {gv.get('name')} {spec['field']}: "
                          f"expected {_get(gv, spec['field'])!r}, got {got!r}")
        else:
            raise ConfigError(f"evaluation group file {GROUPS_FILE}: group {name!r} has unknown kind {kind!r}")
    return tallies


# --------------------------------------------------------------------------- running


def records_for(verdicts: list[Verdict], variant: str, work: Path, workers: int = 0) -> dict[str, dict]:
    """Render every verdict as ``variant`` and run the real batch over them: id -> record."""
    from pipeline.batch import run_batch
    from pipeline.config import RunConfig

    inputs = work / variant / "in"
    paths = {render_variant(v, variant, inputs, seed=i).name: v.id for i, v in enumerate(verdicts)}
    out = work / variant / "out"
    run_batch([inputs], out, RunConfig(workers=workers), progress=False)
    records: dict[str, dict] = {}
    jsonl = out / "records.jsonl"
    for line in jsonl.read_text(encoding="utf-8").splitlines() if jsonl.is_file() else []:
        rec = json.loads(line)
        vid = paths.get(Path(rec["source"]["path"]).name)
        if vid:
            records[vid] = rec
    return records


def evaluate_devset(folder: Path, split: str = "heldout", variants: tuple[str, ...] = ("text",),
                    workers: int = 0) -> dict[str, Any]:
    """Accuracy per group and variant over the verdicts of one development set."""
    verdicts = load_devset(folder, split)
    report: dict[str, Any] = {"devset": str(folder), "split": split, "verdicts": len(verdicts), "variants": {}}
    with tempfile.TemporaryDirectory(prefix="spoton-facts-") as tmp:
        for variant in variants:
            records = records_for(verdicts, variant, Path(tmp), workers)
            totals = {name: Tally() for name in groups()}
            for v in verdicts:
                per = compare(records.get(v.id) or {}, v.gold, v.id)
                for name, t in per.items():
                    totals[name].right += t.right
                    totals[name].total += t.total
                    totals[name].misses += t.misses
            report["variants"][variant] = {
                name: {"right": t.right, "total": t.total, "accuracy": t.accuracy, "misses": t.misses}
                for name, t in totals.items()
            }
    return report


def format_report(report: dict[str, Any], show_misses: bool = False) -> str:
    specs = groups()
    variants = list(report["variants"])
    lines = [f"{report['devset']} ({report['split']}, {report['verdicts']} verdicts)",
             "group".ljust(15) + "target  " + "".join(v.ljust(16) for v in variants)]
    for name, spec in specs.items():
        cells = []
        for v in variants:
            g = report["variants"][v][name]
            acc = g["accuracy"]
            cells.append((f"{acc:.3f} ({g['right']}/{g['total']})" if acc is not None else "-").ljust(16))
        lines.append(name.ljust(15) + f"{spec['target']:.2f}    " + "".join(cells))
    if show_misses:
        for v in variants:
            for name in specs:
                for miss in report["variants"][v][name]["misses"]:
                    lines.append(f"  [{v}] {name}: {miss}")
    return "\n".join(lines)


__all__ = ["VARIANTS", "Tally", "Verdict", "compare", "evaluate_devset", "format_report", "groups",
           "load_devset", "make_split", "render_variant", "same"]
