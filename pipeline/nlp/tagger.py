"""A trainable entity tagger: a linear-chain CRF (CRFsuite) over word tokens, stacked on the rules.

Why a CRF and not a neural NER: a typical verdict has 2-4k tokens and the whole tagging budget is
~50 ms per verdict per core; a CRF decodes that in a few milliseconds, trains on thirty verdicts in a
minute without a GPU, needs no pretrained vectors (nothing to download), and its model file is a few MB.
Features are the word itself, its shape and affixes, its neighbours, the region of the verdict it is in,
and the label the rules gave it (B-/I- tags of the rule candidates): the rules find the phrases, the
model learns where the annotators' span edges and exceptions are.

Model directory ``models/ner-<lang>/``: ``model.crfsuite`` and ``meta.json`` (name, version, trained-on,
labels it takes over from the rules, per-label cross-validated metrics).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.nlp.rules import Candidate, load_rules, regions_from_markers

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_", re.UNICODE)
_SHAPE_MAP = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzčćžšđабвгдђежзијклљмнњопрстћуфхцчџшѓѕќ"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZČĆŽŠĐАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШЃЅЌ0123456789",
    "x" * 64 + "X" * 64 + "d" * 10,
)


def tokenize(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN.finditer(text)]


def _shape(w: str) -> str:
    s = w.translate(_SHAPE_MAP)
    # collapse runs: "Xxxxx" -> "Xx", "dd.dd" stays short
    out = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out[:5])


def rule_tags(spans: list[tuple[int, int]], cands: Iterable[Candidate]) -> list[str]:
    """B-/I- tag of the rule candidate covering each token ("O" outside)."""
    tags = ["O"] * len(spans)
    starts = [s for s, _ in spans]
    for c in sorted(cands, key=lambda c: -c.priority):
        i = bisect.bisect_left(starts, c.start)
        first = True
        while i < len(spans) and spans[i][0] < c.end:
            if tags[i] == "O":
                tags[i] = ("B-" if first else "I-") + c.label
            first = False
            i += 1
    return tags


def region_tags(text: str, spans: list[tuple[int, int]], regions: dict | None = None) -> list[str]:
    regions = regions or regions_from_markers(text, load_rules("sr-Latn"))
    bounds = [(regions[k][0], k[:3]) for k in ("header", "operative", "reasoning", "footer")]
    out = []
    j = 0
    for s, _ in spans:
        while j + 1 < len(bounds) and s >= bounds[j + 1][0]:
            j += 1
        out.append(bounds[j][1])
    return out


@lru_cache(maxsize=200_000)
def _word_feats(w: str) -> tuple[tuple[str, ...], dict[int, tuple[str, ...]]]:
    """Features of a word itself and as a neighbour at each offset (cached: verdict vocabulary repeats)."""
    lw = w.lower()
    sh = _shape(w)
    own = ["w=" + lw, "p3=" + lw[:3], "s3=" + lw[-3:], "sh=" + sh]
    if len(w) == 1 and w.isupper():
        own.append("init")
    nb = {
        -2: (f"-2w={lw}",),
        2: (f"2w={lw}",),
        -1: (f"-1w={lw}", f"-1sh={sh}", f"-1s3={lw[-3:]}"),
        1: (f"1w={lw}", f"1sh={sh}", f"1s3={lw[-3:]}"),
    }
    return tuple(own), nb


def features(
    text: str, spans: list[tuple[int, int]], cands: Iterable[Candidate], regions: dict | None = None
) -> list[list[str]]:
    """One list of string features per token (CRFsuite's cheapest input form)."""
    info = [_word_feats(text[s:e]) for s, e in spans]
    rtags = rule_tags(spans, cands)
    regs = region_tags(text, spans, regions)
    n = len(spans)
    feats: list[list[str]] = []
    for i in range(n):
        own, _ = info[i]
        rt = rtags[i]
        f = ["b", *own, "r=" + rt, "g=" + regs[i], "rg=" + rt + "|" + regs[i]]
        s = spans[i][0]
        if i == 0 or "\n" in text[spans[i - 1][1] : s]:
            f.append("nl")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f.extend(info[j][1][d])
                f.append(f"{d}r=" + rtags[j])
            else:
                f.append(f"{d}:pad")
        f.append("r-1r=" + (rtags[i - 1] if i else "^") + "|" + rt)
        feats.append(f)
    return feats


def bio_from_spans(spans: list[tuple[int, int]], gold: Sequence[tuple[str, int, int]]) -> list[str]:
    """Gold character spans -> BIO tags per token (a token belongs to a span it starts inside)."""
    tags = ["O"] * len(spans)
    starts = [s for s, _ in spans]
    for label, a, b in sorted(gold, key=lambda x: (x[1], -(x[2] - x[1]))):
        i = bisect.bisect_left(starts, a)
        if i > 0 and spans[i - 1][1] > a:
            i -= 1  # the span starts inside a token
        first = True
        while i < len(spans) and spans[i][0] < b:
            if tags[i] == "O":
                tags[i] = ("B-" if first else "I-") + label
            first = False
            i += 1
    return tags


def spans_from_bio(spans: list[tuple[int, int]], tags: Sequence[str]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    cur: list[Any] | None = None
    for (s, e), t in zip(spans, tags, strict=False):
        if t == "O":
            if cur:
                out.append(tuple(cur))
            cur = None
            continue
        kind, label = t.split("-", 1)
        if kind == "B" or cur is None or cur[0] != label:
            if cur:
                out.append(tuple(cur))
            cur = [label, s, e]
        else:
            cur[2] = e
    if cur:
        out.append(tuple(cur))
    return out  # type: ignore[return-value]


@dataclass
class Tagger:
    """A loaded model: tags text, reports the labels it takes over."""

    path: Path
    meta: dict[str, Any]
    _tagger: Any

    @property
    def name(self) -> str:
        return f"{self.meta.get('name', self.path.name)}@{self.meta.get('version', 1)}"

    @property
    def takeover(self) -> set[str]:
        return set(self.meta.get("takeover", []))

    @property
    def regions(self) -> set[str]:
        """Regions of a verdict where the labels it takes over occur (from the training data)."""
        per = self.meta.get("regions") or {}
        if not self.takeover:  # used on its own (training, comparison): the whole verdict
            return {"header", "operative", "reasoning", "footer"}
        out: set[str] = set()
        for lab in self.takeover:
            out |= set(per.get(lab, ["header", "operative", "reasoning", "footer"]))
        return out

    def tag(self, text: str, cands: Iterable[Candidate]) -> list[tuple[str, int, int]]:
        """Tag the regions where the takeover labels live (the whole text if they live everywhere)."""
        import pycrfsuite

        from pipeline.nlp.rules import resolve

        regions = regions_from_markers(text, load_rules("sr-Latn"))
        wanted = self.regions
        if wanted >= {"header", "operative", "reasoning", "footer"}:
            spans = tokenize(text)
        else:
            spans = []
            for name in ("header", "operative", "reasoning", "footer"):
                if name in wanted:
                    a, b = regions[name]
                    spans += [(s + a, e + a) for s, e in tokenize(text[a:b])]
        if not spans:
            return []
        cands = resolve(list(cands))
        xseq = pycrfsuite.ItemSequence(features(text, spans, cands, regions))
        tags = self._tagger.tag(xseq)
        return spans_from_bio(spans, tags)

    def candidates(self, text: str, cands: Iterable[Candidate]) -> list[Candidate]:
        src = f"model:{self.name}"
        return [Candidate(lab, s, e, src, 65) for lab, s, e in self.tag(text, list(cands))]


def load_tagger(path: Path) -> Tagger:
    """Load ``model.crfsuite`` + ``meta.json`` from a model directory (no network, no download)."""
    try:
        import pycrfsuite
    except ImportError as e:  # pragma: no cover - declared dependency
        raise ConfigError("The python-crfsuite package is needed to use a trained entity model.") from e
    path = Path(path)
    meta_path = path / "meta.json"
    model_path = path / "model.crfsuite"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"The model meta file {meta_path} cannot be read: {e}") from e
    if not model_path.is_file():
        raise ConfigError(f"The model directory {path} has no model.crfsuite file.")
    t = pycrfsuite.Tagger()
    t.open(str(model_path))
    return Tagger(path, meta, t)
