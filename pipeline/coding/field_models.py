"""Field-level models: a trained classifier drafts a codebook value where the rules are weakest.

Today one field: the decision on each victim's compensation claim (``victim.compensation.outcome``), the
field the rules get right least often (a third to two thirds of victims on the development sets): courts word
it in many ways, name several victims in one sentence and often say nothing when nothing was claimed. The
model reads the sentences about compensation around the victim's name (the victim's own part of a sentence
that names several) and picks a codebook value.

:func:`apply` runs after the rules in :func:`pipeline.coding.build_record`: for every victim where the rules
found no value, or a value less confident than the model's, the model's value goes in with source
``model:<component>@<version>`` and ``record.models`` names the model. The model is the registry's active
version (:mod:`pipeline.train.registry`); with none active, records are the rules' alone.

A model folder holds ``model.npz`` (numpy arrays, loaded without pickle: a model folder from elsewhere can
run no code) and ``meta.json``; features are hashed character and word n-grams, so no verdict text is stored.
"""

from __future__ import annotations

import contextlib
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.model import Document, Evidence, FieldValue, Record, RecordWarning

COMPONENTS = ("field-compensation-outcome",)
DISAGREES = "model_disagrees"  # record warning: the rules drafted a value, the model another
_disabled = False


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Rules only inside the block (training measures the rules it competes with)."""
    global _disabled
    before, _disabled = _disabled, True
    try:
        yield
    finally:
        _disabled = before


# --------------------------------------------------------------------------- features


def fold(text: str, language: str | None) -> str:
    """Latin, lower case, no diacritics: one model for Latin and Cyrillic, Serbian, Macedonian, Albanian."""
    from pipeline.text.fold import plain
    from pipeline.text.translit import to_latin

    if re.search(r"[\u0400-\u04ff]", text):
        text = to_latin(text, "mk" if language == "mk" else "sr").text
    return plain(text)


def name_pattern(name: str | None) -> re.Pattern[str] | None:
    """A victim's name as written in a verdict: initials with or without dots and spaces ("S.T.", "S. T."),
    full names in any case ending and either order ("Mariji Petrović", "Petrović Marija")."""
    words = re.findall(r"[^\W\d_]+|\d+", name or "")
    if not words:
        return None

    def word(w: str) -> str:
        return re.escape(w[: max(len(w) - 2, 3)]) + r"\w*" if len(w) > 3 else re.escape(w) + r"(?!\w)"

    orders = [words] if len(words) != 2 else [words, words[::-1]]
    alternatives = [r"[\s.]*".join(word(w) for w in order) for order in orders]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")\.?", re.IGNORECASE)


@dataclass
class Context:
    """What the model reads for one victim: its text, and the sentence spans it came from (evidence)."""

    text: str
    spans: list[tuple[int, int]]


def victim_contexts(text: str, sentences: list[tuple[int, int, str]], names: list[str | None],
                    stems: list[str], language: str | None, payment_stems: list[str] = ()) -> list[Context]:
    """The compensation context of each victim. ``sentences``: (start, end, section); ``stems``: folded word
    beginnings that make a sentence one about compensation ("imovinskopravn", "parnic", "shperblim");
    ``payment_stems`` ("isplat", "paguaj") do so only in a sentence naming a victim (else: costs, fines)."""
    patterns = [name_pattern(n) for n in names]
    about: list[tuple[int, int, str]] = []
    for s, e, section in sentences:
        folded = fold(text[s:e], language)
        if any(stem in folded for stem in stems) or (
                any(stem in folded for stem in payment_stems)
                and any(p is not None and p.search(text, s, e) for p in patterns)):
            about.append((s, e, section))
    out = []
    for me, pattern in enumerate(patterns):
        pieces: list[str] = []
        spans: list[tuple[int, int]] = []
        flags: set[str] = set()
        for s, e, section in about:
            sentence = text[s:e]
            marks = sorted((m.start(), m.end(), i) for i, p in enumerate(patterns) if p is not None
                           for m in p.finditer(sentence))
            mine = [m for m in marks if m[2] == me]
            if mine:
                first = marks[0][0]
                parts = [sentence[:first]]
                for k, (a, _b, i) in enumerate(marks):
                    if i != me:
                        continue
                    nxt = next((t for t, _u, j in marks[k + 1:] if j != me), len(sentence))
                    parts.append(sentence[a:nxt])
                piece = " ".join(parts)
                if pattern is not None:
                    piece = pattern.sub(" zrtvaxx ", piece)
                flags.add("own")
            elif not marks:
                piece = sentence
                flags.add("general")
            else:
                continue  # about other victims only
            pieces.append(f"sekcija{section} " + fold(piece, language))
            spans.append((s, e))
        if not pieces:
            flags.add("nocompensation")
        if len(patterns) > 1:
            flags.add("severalvictims")
        head = " ".join(f"flag{f}" for f in sorted(flags))
        out.append(Context(head + " " + " ".join(pieces), spans))
    return out


# --------------------------------------------------------------------------- the model


HASHING = "crc32"  # how n-grams become columns; a model's meta names it (features.hashing)
_WORD = re.compile(r"\b\w+\b")


def ngram_counts(text: str, settings: dict[str, Any]) -> dict[int, int]:
    """Hashed n-gram counts of a text: character n-grams of each word padded with a space (" word "), and
    word n-grams; crc32 of each n-gram modulo ``n_features``. Plain Python (zlib), so drafting needs neither
    scikit-learn nor scipy: importing them costs a worker seconds and a hundred MB."""
    n = int(settings["n_features"])
    char_min, char_max = settings["char_ngrams"]
    word_min, word_max = settings["word_ngrams"]
    counts: dict[int, int] = {}
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for size in range(char_min, char_max + 1):
            grams += ["c" + padded[i:i + size] for i in range(len(padded) - size + 1)]
    tokens = _WORD.findall(text)
    for size in range(word_min, word_max + 1):
        grams += ["w" + " ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)]
    for gram in grams:
        column = zlib.crc32(gram.encode("utf-8")) % n
        counts[column] = counts.get(column, 0) + 1
    return counts


def weights(counts: dict[int, int], index: dict[int, int], idf: Any) -> tuple[list[int], Any]:
    """(positions, values) of one text in the model's columns: sublinear tf times idf, unit length."""
    import numpy as np

    kept = [(index[c], n) for c, n in counts.items() if c in index]
    positions = [j for j, _ in kept]
    values = (1.0 + np.log(np.array([n for _, n in kept], dtype=np.float64))) * idf[positions] if kept \
        else np.zeros(0)
    norm = float(np.sqrt((values ** 2).sum())) if kept else 0.0
    return positions, (values / norm if norm else values)


@dataclass
class FieldModel:
    """A loaded field model: hashed n-gram features restricted to the columns seen in training, tf-idf, and a
    multinomial logistic regression, all as plain numpy arrays."""

    name: str
    field: str
    classes: list[str]
    columns: Any  # int64 column numbers of the hashed space kept
    idf: Any
    coef: Any  # classes x columns
    intercept: Any
    settings: dict[str, Any]

    def __post_init__(self) -> None:
        self.index = {int(c): j for j, c in enumerate(self.columns)}

    def predict(self, texts: list[str]) -> list[tuple[str, float]]:
        import numpy as np

        out = []
        for text in texts:
            positions, values = weights(ngram_counts(text, self.settings), self.index, self.idf)
            scores = self.coef[:, positions] @ values + self.intercept if positions else self.intercept.copy()
            scores = np.asarray(scores, dtype=np.float64)
            probs = np.exp(scores - scores.max())
            probs /= probs.sum()
            best = int(probs.argmax())
            out.append((self.classes[best], float(probs[best])))
        return out


@cache
def _load(path: str) -> FieldModel:
    import numpy as np

    from pipeline.train.registry import read_meta

    folder = Path(path)
    meta = read_meta(folder)
    try:
        arrays = np.load(folder / "model.npz", allow_pickle=False)
    except (OSError, ValueError) as exc:
        from pipeline.errors import ConfigError

        raise ConfigError(f"the field model in {folder} cannot be read: {exc}") from exc
    settings = dict(meta.extra.get("features") or {})
    if settings.get("hashing") != HASHING:
        from pipeline.errors import ConfigError

        raise ConfigError(f"the field model in {folder} was built with other features ({settings.get('hashing')}); "
                          "retrain it (spoton train fields)")
    settings["stems"] = list(meta.extra.get("stems") or [])
    settings["payment_stems"] = list(meta.extra.get("payment_stems") or [])
    settings["min_confidence"] = float(meta.extra.get("min_confidence", 0.5))
    return FieldModel(meta.name, meta.fields[0], list(meta.labels), arrays["columns"], arrays["idf"],
                      arrays["coef"], arrays["intercept"], settings)


def active_names() -> set[str]:
    """The active field models as records name them; every record drafted while one is active names it."""
    from pipeline.train.registry import active_path, read_meta

    out = set()
    for component in COMPONENTS:
        path = active_path(component)
        if path is not None:
            out.add(read_meta(path).name)
    return out


def active_models() -> list[FieldModel]:
    from pipeline.train.registry import active_path

    out = []
    for component in COMPONENTS:
        path = active_path(component)
        if path is not None:
            out.append(_load(str(path)))
    return out


def _victim_name(victim: dict[str, Any]) -> str | None:
    node = victim.get("name")
    value = node.value if isinstance(node, FieldValue) else None
    return value if isinstance(value, str) else None


def predict_victims(model: FieldModel, text: str, sentences: list[tuple[int, int, str]], names: list[str | None],
                    language: str | None) -> tuple[list[tuple[str, float]], list[Context]]:
    contexts = victim_contexts(text, sentences, names, model.settings["stems"], language,
                               model.settings["payment_stems"])
    return (model.predict([c.text for c in contexts]) if contexts else []), contexts


def _award_rules_out(node: dict[str, Any], leaf: str, value: Any, language: str | None) -> bool:
    """Whether the rules rule out the model's "no claim" for a victim: the guard the victims rules offer
    (`victims.award_rules_out_not_claimed`: an amount the operative part awards answers a claim)."""
    if leaf != "outcome" or value != "not_claimed":
        return False
    # the rule files, imported here: the models load without them
    from pipeline.coding.extract import victims

    return victims.award_rules_out_not_claimed(node, language)


def apply(record: Record, document: Document) -> Record:
    """The active field models' values where the rules have none or a less confident one (in place).

    Every record drafted while a field model is active names it in ``record.models`` (keyed by its field),
    whether or not it changed a value: the batch redoes records that do not name the models active now.
    Where the rules drafted one value and the model another, a ``model_disagrees`` warning says which field,
    both values and which one was drafted (the review queue can put such verdicts first)."""
    if _disabled:
        return record
    models = active_models()
    for model in models:
        record.models[model.field] = model.name
    if not models or not record.victims:
        return record
    sentences = [(s.start, s.end, s.section) for s in record.sentences]
    names = [_victim_name(v) for v in record.victims]
    for model in models:
        level, _, dotted = model.field.partition(".")
        if level != "victim":
            continue
        group, _, leaf = dotted.rpartition(".")
        predictions, contexts = predict_victims(model, document.text, sentences, names, record.language)
        for i, (victim, (value, probability), context) in enumerate(
                zip(record.victims, predictions, contexts, strict=True)):
            node = victim.get(group) if group else victim
            if not isinstance(node, dict):
                continue
            rule = node.get(leaf)
            if not context.spans or probability < model.settings["min_confidence"]:
                continue  # nothing about compensation to read, or not sure enough
            ruled = isinstance(rule, FieldValue) and rule.value is not None
            keep = ruled and (rule.value == value or rule.confidence >= probability
                              or _award_rules_out(node, leaf, value, record.language))
            if ruled and rule.value != value:
                record.warnings.append(RecordWarning(code=DISAGREES, message=(
                    f"victims[{i}].{dotted}: the rules drafted {rule.value} ({rule.confidence:.2f}), {model.name} "
                    f"says {value} ({probability:.2f}); drafted: {'rules' if keep else 'model'}")))
            if keep:
                continue
            evidence = []
            for s, e in context.spans[:3]:
                page = document.page_at(s)
                evidence.append(Evidence(start=s, end=e, text=document.text[s:e],
                                         page=page.number if page else None))
            node[leaf] = FieldValue(value=value, confidence=round(probability, 3), evidence=evidence,
                                    source=f"model:{model.name}")
    return record
