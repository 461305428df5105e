"""Rule engine for entities: regular expressions kept as YAML data in ``resources/patterns/``.

A pattern file holds macros (named regex fragments, ``{NAME}`` in a pattern), patterns (label, regex,
the named group that is the entity, region, priority) and the region markers used when no structure
is given. Files are compiled once per process. Why regexes and not a token Matcher: verdict phrases
cross punctuation and line breaks in ways tokenizers split differently, and compiled regexes over the
whole text are fast (milliseconds per verdict).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipeline import datafiles
from pipeline.errors import ConfigError
from pipeline.model import Structure


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    label: str
    regex: re.Pattern[str]
    groups: dict[str, str]  # named group -> label
    version: int
    priority: int = 50
    region: str = "any"
    first: bool = False
    seed: bool = False
    not_preceded: re.Pattern[str] | None = None  # context on the same line, just before the match
    window: int = 200

    @property
    def source(self) -> str:
        return f"rule:{self.id}@{self.version}"


@dataclass(slots=True)
class RuleSet:
    name: str
    version: int
    rules: list[Rule]
    regions: dict[str, Any] = field(default_factory=dict)
    propagate: list[str] = field(default_factory=list)
    region_res: dict[str, re.Pattern[str]] = field(default_factory=dict)


@dataclass(slots=True)
class Candidate:
    label: str
    start: int
    end: int
    source: str
    priority: int
    seed: bool = False


@cache
def load_rules(name: str) -> RuleSet:
    """Compile ``resources/patterns/<name>.yaml`` (cached for the life of the process)."""
    data = datafiles.load_yaml(f"patterns/{name}.yaml", "pattern file")
    macros = {k: str(v) for k, v in (data.get("macros") or {}).items()}
    version = int(data.get("version", 1))
    rules: list[Rule] = []
    for p in data.get("patterns") or []:
        pid = p.get("id", "?")
        try:
            rx = re.compile(datafiles.expand_macros(p["regex"], macros))
        except (KeyError, re.error) as e:
            raise ConfigError(f"Pattern {pid} in {name}.yaml does not compile: {e}") from e
        groups = {str(k): str(v) for k, v in (p.get("groups") or {"e": p["label"]}).items()}
        if not any(g in rx.groupindex for g in groups):
            groups = {"0": p["label"]}
        rules.append(
            Rule(
                id=pid,
                label=p["label"],
                regex=rx,
                groups=groups,
                version=int(p.get("version", version)),
                priority=int(p.get("priority", 50)),
                region=p.get("region", "any"),
                first=bool(p.get("first", False)),
                seed=bool(p.get("seed", False)),
                not_preceded=re.compile(datafiles.expand_macros(p["not_preceded"], macros)) if p.get("not_preceded") else None,
                window=int(p.get("window", 200)),
            )
        )
    regions = data.get("regions") or {}
    region_res = {
        k: re.compile(datafiles.expand_macros(v, macros)) for k, v in regions.items() if isinstance(v, str) and k.endswith("_start")
    }
    return RuleSet(name, version, rules, regions, list(data.get("propagate") or []), region_res)


# --------------------------------------------------------------------------- regions

Regions = dict[str, tuple[int, int]]


def regions_from_markers(text: str, rs: RuleSet) -> Regions:
    """header / operative / reasoning / footer by the first marker of each (fallbacks by position)."""
    n = len(text)
    header_max = int(rs.regions.get("header_max", 1500))

    def find(key: str, lo: int) -> int | None:
        rx = rs.region_res.get(key)
        if rx is None:
            return None
        m = rx.search(text, lo)
        return m.start() if m else None

    op = find("operative_start", 0)
    if op is None or op > max(header_max * 3, n // 2):
        op = min(header_max, n)
    rs_start = find("reasoning_start", op)
    if rs_start is None:
        rs_start = n
    foot = None
    rx = rs.region_res.get("footer_start")
    if rx is not None:
        last = None
        for m in rx.finditer(text, rs_start if rs_start < n else op):
            last = m
        if last is not None:
            foot = last.start()
    if foot is None or foot < rs_start and rs_start < n:
        foot = max(rs_start, n - 1200) if rs_start < n else max(op, n - 1200)
    return {
        "header": (0, op),
        "operative": (op, rs_start),
        "reasoning": (rs_start, foot),
        "footer": (foot, n),
        "any": (0, n),
    }


def regions_from_structure(structure: Structure, text: str, rs: RuleSet) -> Regions:
    """Map the sections of :func:`pipeline.nlp.structure.segment` onto our four regions; a region the
    structure does not give falls back to the markers."""
    regions = regions_from_markers(text, rs)
    names = {
        "header": "header",
        "introduction": "header",
        "intro": "header",
        "operative": "operative",
        "reasoning": "reasoning",
        "footer": "footer",
        "signature": "footer",
        "signatures": "footer",
        "legal_instruction": "footer",
        "legal_remedy": "footer",
    }
    found: dict[str, list[tuple[int, int]]] = {}
    for name, start, end in structure.sections:
        if name in names:
            found.setdefault(names[name], []).append((start, end))
    for key, spans in found.items():
        regions[key] = (min(a for a, _ in spans), max(b for _, b in spans))
    return regions


# --------------------------------------------------------------------------- matching


def match_rules(text: str, rs: RuleSet, regions: Regions) -> list[Candidate]:
    out: list[Candidate] = []
    for rule in rs.rules:
        lo, hi = regions.get(rule.region, (0, len(text)))
        if rule.region == "footer":
            lo = max(0, lo - 400)  # the court line of the signature block may sit just before the marker
        for m in rule.regex.finditer(text, lo, hi):
            if rule.not_preceded is not None:
                a = m.start()
                ls = text.rfind("\n", max(0, a - rule.window), a) + 1
                if rule.not_preceded.search(text, max(ls, a - rule.window), a):
                    continue
            hit = False
            for g, label in rule.groups.items():
                gi = int(g) if g.isdigit() else g
                try:
                    s, e = m.span(gi)
                except IndexError:
                    continue
                if s < 0 or e <= s:
                    continue
                s, e = _trim(text, s, e)
                if e > s:
                    out.append(Candidate(label, s, e, rule.source, rule.priority, rule.seed))
                    hit = True
            if hit and rule.first:
                break
    return out


_TRAIL = " \t\r\n,;:"


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRAIL:
        s += 1
    while e > s and text[e - 1] in _TRAIL:
        e -= 1
    return s, e


def _name_regex(name: str) -> re.Pattern[str] | None:
    """A regex for other mentions of a name: flexible spaces around initials, inflected full names."""
    tokens = re.findall(r"[^\W\d_]+|[.*]+", name)
    if not tokens:
        return None
    words = [t for t in tokens if t[0].isalpha()]
    if all(len(w) <= 2 for w in words):  # initials: "Ć. D.", "P. Lj.", "Đ* M*"
        parts = []
        for t in tokens:
            if t[0].isalpha():
                parts.append(re.escape(t))
            else:
                parts.append(r"(?:\.{1,6}|\*+)" if t[0] == "." or t[0] == "*" else re.escape(t))
        body = r"[ \t]?".join(parts)
        return re.compile(rf"(?<![^\W\d_]){body}(?![^\W\d_])")
    # full names: each word by its stem (case endings differ: Nedžad / Nedžada / Nedžadu)
    stems = []
    for w in words:
        stem = w[: max(3, len(w) - 2)] if len(w) > 4 else w
        stems.append(re.escape(stem) + r"[^\W\d_]{0,4}")
    return re.compile(r"(?<![^\W\d_])" + r"[ \t]+".join(stems) + r"(?![^\W\d_])")


def propagate(text: str, cands: list[Candidate], labels: list[str], version: int) -> list[Candidate]:
    """Every other mention of a seeded name gets the seed's label (gold marks every mention)."""
    out: list[Candidate] = []
    for label in labels:
        names = {text[c.start : c.end] for c in cands if c.label == label and c.seed}
        seen: set[str] = set()
        for name in sorted(names, key=len, reverse=True):
            key = re.sub(r"[\s.*]+", "", name)
            if key in seen:
                continue
            seen.add(key)
            rx = _name_regex(name)
            if rx is None:
                continue
            for m in rx.finditer(text):
                out.append(Candidate(label, m.start(), m.end(), f"rule:propagate.{label.lower()}@{version}", 40))
    return out


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """Keep a non-overlapping set: higher priority first, then the longer span, then the earlier."""
    order = sorted(cands, key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    taken: list[tuple[int, int]] = []
    keep: list[Candidate] = []
    for c in order:
        i = bisect.bisect_left(taken, (c.start, c.end))
        if i > 0 and taken[i - 1][1] > c.start:
            continue
        if i < len(taken) and taken[i][0] < c.end:
            continue
        taken.insert(i, (c.start, c.end))
        keep.append(c)
    keep.sort(key=lambda c: (c.start, c.end))
    return keep
