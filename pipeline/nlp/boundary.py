"""Span correction over the rules' entities: a trained model re-decides where each rule span starts and
ends, and whether it is an entity at all.

Why this and not a tagger that replaces the rules: on the annotated verdicts the rules find almost every
entity (overlap F1 0.91-0.96) but cut a part of them differently from the annotators (strict F1 0.86-0.90:
a masked name's last dot, "okrivljeni" in or out, where a chained citation of articles ends), and tag some
phrases the annotators left out (a "uslovna osuda" in the reasoning). So the model works on the rule
spans: for each one it scores the token boundaries near its start and near its end (features: the tokens
on both sides of the edge, their shapes, punctuation, a line break, the rule that matched, the label) and
takes the best, and a keep/drop classifier scores the span as a whole (its words, the words around it, its
region, how many times the verdict already named it). Which of the two a label uses is decided from data
when the model is trained (``decision`` in meta.json); labels without a decision keep the rules' spans.

The model is linear (logistic regression trained with scikit-learn) and stored as JSON weights per field
family (people, provisions, sanctions, header): scoring is a few hundred dictionary look-ups per verdict in
plain Python, no scikit-learn at run time, nothing to unpickle.

An optional third part, the *adder* (``adder.crfsuite``, from ``ner-sr@3``), finds what the rules miss: a
CRF over the tokens of the regions where its labels live (the introduction and the signature block for the
people of the court and the prosecution: a few hundred tokens, not the whole verdict), with the rules' tags
and a name gazetteer as features; its spans that overlap no span of the rules are added, for the labels
where the decision says ``add``.

Model directory: ``meta.json`` (with ``kind: "span-corrector"``), ``weights.json`` and, with an adder,
``adder.crfsuite``.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError

KIND = "span-corrector"
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_", re.UNICODE)
_SHAPE_MAP = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzčćžšđабвгдђежзијклљмнњопрстћуфхцчџшѓѕќ"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZČĆŽŠĐАБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШЃЅЌ0123456789",
    "x" * 64 + "X" * 64 + "d" * 10,
)
_EDGE = " \t\r\n,;:"
_WINDOW_CHARS = 120  # text tokenised around a span: enough for the candidate edges (k <= 6 tokens)


@lru_cache(maxsize=100_000)
def _shape(word: str) -> str:
    shape = word.translate(_SHAPE_MAP)
    out: list[str] = []
    for ch in shape:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out[:4])


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding space or trailing , ; : — how gold and predicted spans are compared
    (pipeline.evaluate) and how the corrector places its edges."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


@dataclass
class Span:
    """A task entity as the corrector sees it: label, offsets, the rule that produced it."""

    label: str
    start: int
    end: int
    source: str = ""

    @property
    def rule(self) -> str:
        """Rule id without its version ("rule:defendant.intro@3" -> "defendant.intro")."""
        return self.source.split(":", 1)[-1].split("@", 1)[0]


@dataclass
class Local:
    """Tokens of the text around one span (offsets into the whole text)."""

    text: str
    tokens: list[tuple[int, int]]
    starts: list[int]
    ends: list[int]

    @classmethod
    def around(cls, text: str, start: int, end: int) -> Local:
        lo = max(0, start - _WINDOW_CHARS)
        hi = min(len(text), end + _WINDOW_CHARS)
        tokens = [m.span() for m in _TOKEN.finditer(text, lo, hi)]
        if lo > 0 and tokens and tokens[0][0] == lo:
            tokens = tokens[1:]  # may be the tail of a word cut by the window
        return cls(text, tokens, [s for s, _ in tokens], [e for _, e in tokens])

    def word(self, i: int) -> str:
        if 0 <= i < len(self.tokens):
            s, e = self.tokens[i]
            return self.text[s:e]
        return "<pad>"

    def gap(self, i: int) -> str:
        """What lies between token i-1 and token i: "" (glued), "s" (spaces), "n" (a line break)."""
        if i <= 0 or i >= len(self.tokens):
            return "n"
        between = self.text[self.tokens[i - 1][1] : self.tokens[i][0]]
        if not between:
            return ""
        return "n" if "\n" in between else "s"


def _wf(word: str) -> tuple[str, str]:
    return word.lower(), _shape(word)


def start_candidates(loc: Local, start: int, end: int, k: int) -> list[tuple[int, int]]:
    """(offset, token index) of the token starts within k tokens of the span's start, before its end."""
    i0 = bisect.bisect_left(loc.starts, start)
    out = []
    for i in range(max(0, i0 - k), min(len(loc.tokens), i0 + k + 1)):
        if loc.starts[i] < end:
            out.append((loc.starts[i], i))
    if start not in {o for o, _ in out}:
        out.append((start, i0))
    return out


def end_candidates(loc: Local, start: int, end: int, k: int) -> list[tuple[int, int]]:
    """(offset, index of the last token inside) of the token ends within k tokens of the span's end."""
    j0 = bisect.bisect_right(loc.ends, end) - 1
    out = []
    for j in range(max(0, j0 - k), min(len(loc.tokens), j0 + k + 1)):
        if loc.ends[j] > start:
            out.append((loc.ends[j], j))
    if end not in {o for o, _ in out}:
        out.append((end, j0))
    return out


def start_features(loc: Local, span: Span, i: int, delta: int, original: bool, conjoin: bool = True) -> list[str]:
    """Features of "the span starts at token i": tokens on both sides of the edge, gap, rule, shift."""
    in0, in0s = _wf(loc.word(i))
    in1, _ = _wf(loc.word(i + 1))
    out1, out1s = _wf(loc.word(i - 1))
    out2, _ = _wf(loc.word(i - 2))
    gap = loc.gap(i)
    d = str(max(-5, min(5, delta)))
    f = [
        "d=" + d, "o=" + str(original), "r=" + span.rule + "|" + d,
        "i0=" + in0, "i0s=" + in0s, "i1=" + in1, "x1=" + out1, "x1s=" + out1s, "x2=" + out2,
        "g=" + gap, "x1|i0=" + out1 + "|" + in0, "x1s|i0s=" + out1s + "|" + in0s,
        "x1s|g|i0s=" + out1s + "|" + gap + "|" + in0s, "d|i0s=" + d + "|" + in0s,
        "x2|x1=" + out2 + "|" + out1,
    ]
    return [*f, *(span.label + ":" + x for x in f)] if conjoin else f


def end_features(loc: Local, span: Span, j: int, delta: int, original: bool, conjoin: bool = True) -> list[str]:
    """Features of "the span ends after token j" (the mirror of :func:`start_features`)."""
    in0, in0s = _wf(loc.word(j))
    in1, in1s = _wf(loc.word(j - 1))
    out1, out1s = _wf(loc.word(j + 1))
    out2, _ = _wf(loc.word(j + 2))
    gap = loc.gap(j + 1)
    d = str(max(-5, min(5, delta)))
    f = [
        "d=" + d, "o=" + str(original), "r=" + span.rule + "|" + d,
        "i0=" + in0, "i0s=" + in0s, "i1=" + in1, "x1=" + out1, "x1s=" + out1s, "x2=" + out2,
        "g=" + gap, "i0|x1=" + in0 + "|" + out1, "i0s|x1s=" + in0s + "|" + out1s,
        "i0s|g|x1s=" + in0s + "|" + gap + "|" + out1s, "d|i0s=" + d + "|" + in0s,
        "i1s|i0s=" + in1s + "|" + in0s, "x1|x2=" + out1 + "|" + out2,
    ]
    return [*f, *(span.label + ":" + x for x in f)] if conjoin else f


def keep_features(loc: Local, span: Span, region: str, mention: int, seen: bool, rel: float,
                  conjoin: bool = True) -> list[str]:
    """Features of "this rule span is an entity": its words, the words around it, where it is."""
    i = bisect.bisect_left(loc.starts, span.start)
    j = bisect.bisect_right(loc.ends, span.end) - 1
    inside = [loc.word(t).lower() for t in range(i, j + 1)]
    n = len(inside)
    f = [
        "r=" + span.rule, "reg=" + region, "m=" + str(min(mention, 3)), "seen=" + str(seen),
        "pos=" + str(int(rel * 5)), "n=" + str(min(n, 6)),
        "first=" + (inside[0] if inside else ""), "last=" + (inside[-1] if inside else ""),
        "x1=" + loc.word(i - 1).lower(), "x2=" + loc.word(i - 2).lower(), "x3=" + loc.word(i - 3).lower(),
        "y1=" + loc.word(j + 1).lower(), "y2=" + loc.word(j + 2).lower(),
        "x2|x1=" + loc.word(i - 2).lower() + "|" + loc.word(i - 1).lower(),
        "reg|r=" + region + "|" + span.rule, "reg|m=" + region + "|" + str(min(mention, 3)),
    ]
    if n <= 4:
        f.append("all=" + " ".join(inside))
    f += ["w=" + w for w in dict.fromkeys(inside[:8])]
    # the words before it (what the sentence says about it: "predložila da mu sud izrekne ...")
    f += ["xb=" + w for w in dict.fromkeys(loc.word(t).lower() for t in range(max(0, i - 8), i - 3))]
    f += ["yb=" + w for w in dict.fromkeys(loc.word(t).lower() for t in range(j + 3, min(len(loc.tokens), j + 6)))]
    return [*f, *(span.label + ":" + x for x in f)] if conjoin else f


# --------------------------------------------------------------------------- the model


@dataclass
class Linear:
    """A logistic-regression scorer over string features."""

    bias: float
    weights: dict[str, float]

    def score(self, feats: Iterable[str]) -> float:
        w = self.weights
        return self.bias + sum(w.get(x, 0.0) for x in feats)

    def prob(self, feats: Iterable[str]) -> float:
        s = self.score(feats)
        return 1.0 / (1.0 + math.exp(-s)) if s > -30 else 0.0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Linear:
        return cls(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()})

    def for_label(self, label: str) -> Linear:
        """The weights of one label folded together: w(f) + w("LABEL:f"), so that scoring looks each
        feature up once (the label-conjoined copies are not built at run time)."""
        prefix = label + ":"
        merged: dict[str, float] = {}
        for name, weight in self.weights.items():
            if name.startswith(prefix):
                name = name[len(prefix):]
            elif ":" in name.split("=", 1)[0]:
                continue  # another label's copy
            merged[name] = merged.get(name, 0.0) + weight
        return Linear(self.bias, merged)


@dataclass
class LabelDecision:
    """What the model does for one label: re-decide the edges, drop the spans it rejects, add the spans
    the adder finds where the rules found nothing, or none of these."""

    boundary: bool = False
    filter: bool = False
    threshold: float = 0.5
    add: bool = False
    add_threshold: float = 0.0  # an added span's least token marginal must reach this


ALL_REGIONS = ("header", "operative", "reasoning", "footer")


def gazetteer_key(word: str) -> int:
    """How a gazetteer stores a word: crc32 of its lower case (no corpus text in the model files)."""
    return zlib.crc32(word.lower().encode("utf-8"))


@dataclass
class Adder:
    """A CRF that tags the regions where its labels live; what it finds outside every rule span is added."""

    tagger: Any  # pycrfsuite.Tagger
    regions: dict[str, list[str]]  # label -> regions of the verdict it is tagged in
    gazetteer: frozenset[int] = frozenset()

    def tokens(self, text: str, regions: dict[str, tuple[int, int]], labels: Iterable[str]) -> list[tuple[int, int]]:
        return region_tokens(text, regions, {r for lab in labels for r in self.regions.get(lab, ())})

    def find(self, text: str, spans: Sequence[Span], regions: dict[str, tuple[int, int]],
             labels: Iterable[str]) -> list[tuple[str, int, int, float]]:
        """(label, start, end, confidence) of every span the CRF tags for ``labels`` inside the label's
        regions; the confidence is the least marginal probability of its tokens' tags."""
        labels = [lab for lab in labels if lab in self.regions]
        tokens = self.tokens(text, regions, labels)
        if not tokens:
            return []
        tags = self.tagger.tag(adder_features(text, tokens, spans, regions, self.gazetteer, self.regions))
        from pipeline.nlp.tagger import spans_from_bio

        starts = [a for a, _ in tokens]
        out = []
        for lab, a, b in spans_from_bio(tokens, tags):
            if lab in labels and region_of(regions, a) in self.regions[lab]:
                i = bisect.bisect_left(starts, a)
                j = bisect.bisect_left(starts, b)
                conf = min(self.tagger.marginal(tags[t], t) for t in range(i, max(i + 1, j)))
                out.append((lab, a, b, conf))
        return out


def region_tokens(text: str, regions: dict[str, tuple[int, int]], wanted: set[str]) -> list[tuple[int, int]]:
    """The word tokens of the ``wanted`` regions of a verdict, in text order."""
    out: list[tuple[int, int]] = []
    for name in ALL_REGIONS:
        if name in wanted:
            a, b = regions.get(name, (0, 0))
            out += [m.span() for m in _TOKEN.finditer(text, a, b)]
    return out


def adder_features(text: str, tokens: list[tuple[int, int]], spans: Sequence[Span],
                   regions: dict[str, tuple[int, int]], gazetteer: frozenset[int] = frozenset(),
                   own: Iterable[str] = ()) -> list[list[str]]:
    """The CRF tagger's token features (:func:`pipeline.nlp.tagger.features`: the word, its shape and
    neighbours, the rules' tag of the other labels, the region), the words of the eight tokens before it,
    and whether the word and its neighbours are known names. ``own``: the adder's labels."""
    own = set(own)
    from pipeline.nlp.rules import Candidate
    from pipeline.nlp.tagger import features

    # the rules' tags of the labels the adder finds are left out: with them, a CRF learns to copy the rules
    # (which found almost every training example) and adds nothing; without them it learns the contexts
    cands = [Candidate(s.label, s.start, s.end, s.source, 0) for s in spans if s.label not in own]
    feats = features(text, tokens, cands, regions)
    # the words shortly before a token ("... u prisustvu državnog tužioca u Osnovnom državnom tužilaštvu u
    # Baru Vuković Marka"): a name's role word is often further back than the CRF's two neighbours
    stems = [text[a:b].lower()[:5] if b - a >= 4 and text[a].isalpha() else "" for a, b in tokens]
    for i, f in enumerate(feats):
        f.extend(dict.fromkeys("c8=" + stems[j] for j in range(max(0, i - 8), i) if stems[j]))
    if gazetteer:
        known = [gazetteer_key(text[a:b]) in gazetteer and b - a > 2 for a, b in tokens]
        for i, f in enumerate(feats):
            for d in (-2, -1, 0, 1, 2):
                if 0 <= i + d < len(known) and known[i + d]:
                    f.append(f"gz{d}")
    return feats


@dataclass
class SpanCorrector:
    """A loaded span-correction model."""

    families: dict[str, list[str]]  # family -> labels
    windows: dict[str, int]  # family -> k tokens each side
    start: dict[str, Linear]
    end: dict[str, Linear]
    keep: dict[str, Linear]
    decision: dict[str, LabelDecision]
    name: str = "ner-sr@2"
    adder: Adder | None = None
    _family_of: dict[str, str] = field(default_factory=dict)

    _merged: dict[tuple[str, str], Linear] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._family_of = {lab: fam for fam, labs in self.families.items() for lab in labs}

    def scorer(self, kind: str, label: str) -> Linear | None:
        """The start / end / keep scorer of a label (its family's weights folded for the label), or None."""
        key = (kind, label)
        if key not in self._merged:
            fam = self.family(label)
            table = {"start": self.start, "end": self.end, "keep": self.keep}[kind]
            if fam is None or fam not in table:
                return None
            self._merged[key] = table[fam].for_label(label)
        return self._merged[key]

    @property
    def labels(self) -> set[str]:
        """Labels whose spans the model changes (moves, drops or adds)."""
        return self.changed | self.added

    @property
    def changed(self) -> set[str]:
        """Labels whose rule spans the model re-decides (edges or keep/drop): all their spans are its."""
        return {lab for lab, d in self.decision.items() if d.boundary or d.filter}

    @property
    def added(self) -> set[str]:
        """Labels where the adder's spans outside every rule span are added."""
        return {lab for lab, d in self.decision.items() if d.add} if self.adder is not None else set()

    def family(self, label: str) -> str | None:
        return self._family_of.get(label)

    def best_start(self, loc: Local, span: Span, k: int, model: Linear) -> int:
        """``model`` is a label's folded scorer (:meth:`scorer`): features without the label copies."""
        cands = start_candidates(loc, span.start, span.end, k)
        i0 = bisect.bisect_left(loc.starts, span.start)
        return max(cands, key=lambda c: (model.score(start_features(loc, span, c[1], c[1] - i0, c[0] == span.start,
                                                                    conjoin=False)), c[0] == span.start))[0]

    def best_end(self, loc: Local, span: Span, k: int, model: Linear) -> int:
        cands = end_candidates(loc, span.start, span.end, k)
        j0 = bisect.bisect_right(loc.ends, span.end) - 1
        return max(cands, key=lambda c: (model.score(end_features(loc, span, c[1], c[1] - j0, c[0] == span.end,
                                                                  conjoin=False)), c[0] == span.end))[0]

    def correct(self, text: str, spans: Sequence[Span], regions: dict[str, tuple[int, int]],
                labels: set[str] | None = None) -> list[Span]:
        """The spans after correction: same order, edges moved, rejected ones dropped. ``labels`` limits
        the correction to those labels (training compares the options label by label)."""
        return apply(self, text, spans, regions, labels)


def region_of(regions: dict[str, tuple[int, int]], offset: int) -> str:
    for name in ("header", "operative", "reasoning", "footer"):
        lo, hi = regions.get(name, (0, 0))
        if lo <= offset < hi:
            return name
    return "header"


def mention_context(spans: Sequence[Span], text: str) -> list[tuple[int, bool]]:
    """For each span: how many spans of its label came before, and whether one had the same words."""
    count: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    out = []
    for s in spans:
        key = (s.label, " ".join(text[s.start : s.end].lower().split()))
        out.append((count.get(s.label, 0), key in seen))
        count[s.label] = count.get(s.label, 0) + 1
        seen.add(key)
    return out


def apply(model: SpanCorrector, text: str, spans: Sequence[Span], regions: dict[str, tuple[int, int]],
          labels: set[str] | None = None, decision: dict[str, LabelDecision] | None = None) -> list[Span]:
    """Correct ``spans`` (sorted, non-overlapping): a moved edge that would run into a neighbour is not
    moved; a dropped span leaves a gap, never a new span."""
    decision = decision if decision is not None else model.decision
    spans = sorted(spans, key=lambda s: (s.start, s.end))
    context = mention_context(spans, text)
    n = len(text)
    out: list[Span] = []
    for idx, s in enumerate(spans):
        d = decision.get(s.label)
        fam = model.family(s.label)
        if d is None or fam is None or (labels is not None and s.label not in labels) or not (d.boundary or d.filter):
            out.append(s)
            continue
        a, b = trim_span(text, s.start, s.end)
        if b <= a:
            out.append(s)
            continue
        cur = Span(s.label, a, b, s.source)
        loc = Local.around(text, a, b)
        keep = model.scorer("keep", s.label) if d.filter else None
        if keep is not None:
            mention, seen = context[idx]
            p = keep.prob(keep_features(loc, cur, region_of(regions, a), mention, seen, a / max(1, n), conjoin=False))
            if p < d.threshold:
                continue
        start, end = (model.scorer("start", s.label), model.scorer("end", s.label)) if d.boundary else (None, None)
        if start is not None and end is not None:
            k = model.windows.get(fam, 3)
            na = model.best_start(loc, cur, k, start)
            nb = model.best_end(loc, cur, k, end)
            na, nb = trim_span(text, na, nb)
            prev_end = out[-1].end if out else 0
            next_start = spans[idx + 1].start if idx + 1 < len(spans) else n
            if nb > na and na >= prev_end and nb <= next_start and (na, nb) != (a, b):
                out.append(Span(s.label, na, nb, s.source))
                continue
        out.append(s)  # kept as the rules wrote it
    adding = {lab: d.add_threshold for lab, d in decision.items() if d.add and (labels is None or lab in labels)}
    if model.adder is not None and adding:
        out = add_spans(model, text, out, spans, regions, adding)
    return out


def add_spans(model: SpanCorrector, text: str, out: list[Span], rules: Sequence[Span],
              regions: dict[str, tuple[int, int]], labels: dict[str, float]) -> list[Span]:
    """``out`` with the adder's spans of ``labels`` (label -> least confidence) that overlap none of
    ``out`` (sorted again)."""
    assert model.adder is not None
    found = model.adder.find(text, rules, regions, labels)
    if not found:
        return out
    taken = sorted((s.start, s.end) for s in out)
    starts = [a for a, _ in taken]
    added = []
    for lab, a, b, conf in found:
        if conf < labels[lab]:
            continue
        a, b = trim_span(text, a, b)
        i = bisect.bisect_left(starts, b)
        if b > a and not any(taken[j][1] > a for j in range(max(0, i - 3), i)):
            added.append(Span(lab, a, b, f"model:{model.name}"))
    return sorted(out + added, key=lambda s: (s.start, s.end))


def load_corrector(path: Path) -> SpanCorrector:
    """Load ``meta.json`` + ``weights.json`` of a span-correction model folder."""
    path = Path(path)
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        weights = json.loads((path / "weights.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"The span-correction model in {path} cannot be read: {e}") from e
    return from_weights(weights, name=f"{meta.get('component', meta.get('name', path.parent.name))}@{meta.get('version', path.name)}",
                        folder=path)


def load_adder(data: dict[str, Any], folder: Path | None) -> Adder:
    """The adder of ``weights["adder"]``: its CRF file (relative to the model folder) opened for tagging."""
    try:
        import pycrfsuite
    except ImportError as e:  # pragma: no cover - declared dependency
        raise ConfigError("The python-crfsuite package is needed to use the span corrector's adder.") from e
    file = Path(data["file"])
    if not file.is_absolute() and folder is not None:
        file = folder / file
    if not file.is_file():
        raise ConfigError(f"The span corrector's adder model {file} is missing.")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(file))
    return Adder(tagger, {k: list(v) for k, v in data["regions"].items()},
                 frozenset(int(x) for x in data.get("gazetteer") or ()))


def from_weights(weights: dict[str, Any], name: str = "ner-sr@2", folder: Path | None = None) -> SpanCorrector:
    """A corrector from the JSON structure ``weights.json`` holds (also used in memory while training)."""
    try:
        adder = load_adder(weights["adder"], folder) if weights.get("adder") else None
        return SpanCorrector(
            families={k: list(v) for k, v in weights["families"].items()},
            windows={k: int(v) for k, v in weights["windows"].items()},
            start={k: Linear.from_json(v) for k, v in weights["start"].items()},
            end={k: Linear.from_json(v) for k, v in weights["end"].items()},
            keep={k: Linear.from_json(v) for k, v in weights["keep"].items()},
            decision={k: LabelDecision(**v) for k, v in weights["decision"].items()},
            name=name,
            adder=adder,
        )
    except (KeyError, TypeError, ValueError) as e:
        raise ConfigError(f"The span-correction weights are not in the expected form: {e}") from e
