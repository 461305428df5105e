"""Entity tagging with a fine-tuned transformer (token classification), the run-time half of
``spoton train ner --backend transformers`` (the training half is :mod:`pipeline.train.transformer`).

Labels are BIO tags over the same word tokens as the CRF (:func:`pipeline.nlp.tagger.tokenize`), so
gold spans, the CRF and this model share one notion of a token. A word is tagged by its first subword;
the alignment goes through the fast tokenizer's character offsets, not ``is_split_into_words``, so it
works the same for WordPiece (BERTić), SentencePiece (XLM-R) and byte-level BPE checkpoints. A verdict
is longer than the model's window (512 subwords): it is cut into overlapping windows and every subword
keeps the prediction of the window in which it lies farthest from an edge (most context on both sides).

Model folder (a registry version, ``models/<component>/<version>/``): ``meta.json`` (backend
"transformers", ``labels``, ``takeover``, ``extra.base_model``...) and ``model/`` holding the weights,
config and tokenizer as ``save_pretrained`` writes them. Loading never reaches the network
(``local_files_only``). It runs on the GPU when torch sees one, else on the CPU.

The object offers what :func:`pipeline.nlp.entities.find_entities` asks of a tagger (``name``,
``takeover``, ``candidates``) and ``predict_spans(text) -> [(label, start, end, score)]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.nlp.rules import Candidate
from pipeline.nlp.tagger import tokenize

MODEL_SUBDIR = "model"
IGNORE = -100  # torch's cross-entropy ignore index: special tokens and non-first subwords


def bio_labels(labels: Sequence[str]) -> list[str]:
    """The tag set of a label list, in a fixed order ("O" first) that the saved config keeps."""
    return ["O"] + [f"{p}-{lab}" for lab in labels for p in ("B", "I")]


def device() -> Any:
    import torch

    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def quiet() -> None:
    """No progress bars or load reports from transformers (they would fill the CLI's stderr; a new
    classification head is expected when fine-tuning, and reported in meta.json instead)."""
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


def load_tokenizer(path: Path) -> Any:
    """The checkpoint's fast tokenizer (offsets are needed), from local files only."""
    from transformers import AutoTokenizer

    try:
        tok = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"no usable tokenizer in {path}: {exc}") from exc
    if not getattr(tok, "is_fast", False):
        raise ConfigError(f"the tokenizer in {path} is not a fast (Rust) tokenizer: character offsets are "
                          "needed to align subwords to words (save it with tokenizer.json)")
    return tok


@dataclass
class Encoded:
    """A text as subwords: ids, their character offsets, and for each word token the index of the
    subword that represents it (None when no subword starts inside it, e.g. a stripped character)."""

    ids: list[int]
    offsets: list[tuple[int, int]]
    words: list[tuple[int, int]]
    word_subword: list[int | None]


def latin_layer(text: str, spans: Sequence[tuple[str, int, int]], language: str | None = "sr"
                ) -> tuple[str, list[tuple[str, int, int]]]:
    """A training document in its Latin layer (Cyrillic transliterated; Љ -> Lj moves later offsets)."""
    from pipeline.text.translit import original_to_latin, to_latin

    latin = to_latin(text, language)
    if not latin.expansions:
        return latin.text, list(spans)
    return latin.text, [(lab, original_to_latin(a, latin.expansions), original_to_latin(b, latin.expansions))
                        for lab, a, b in spans]


def encode(tokenizer: Any, text: str) -> Encoded:
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    ids = list(enc["input_ids"])
    offsets = [tuple(o) for o in enc["offset_mapping"]]
    words = tokenize(text)
    word_subword: list[int | None] = []
    j = 0
    taken: set[int] = set()
    for start, end in words:
        while j < len(offsets) and offsets[j][1] <= start:
            j += 1
        k = j
        # the first subword that overlaps the word and is not already another word's representative
        while k < len(offsets) and offsets[k][0] < end and (k in taken or offsets[k][1] <= start):
            k += 1
        if k < len(offsets) and offsets[k][0] < end and offsets[k][1] > start:
            word_subword.append(k)
            taken.add(k)
        else:
            word_subword.append(None)
    return Encoded(ids, offsets, words, word_subword)


def windows(n: int, size: int, overlap: int) -> list[tuple[int, int]]:
    """[a, b) subword windows covering 0..n, each ``size`` long at most, overlapping by ``overlap``."""
    if n <= size:
        return [(0, n)]
    step = max(1, size - overlap)
    out = []
    start = 0
    while True:
        end = min(n, start + size)
        out.append((start, end))
        if end == n:
            return out
        start += step


def _ends(tokenizer: Any) -> tuple[int | None, int | None]:
    first = tokenizer.cls_token_id if tokenizer.cls_token_id is not None else tokenizer.bos_token_id
    last = tokenizer.sep_token_id if tokenizer.sep_token_id is not None else tokenizer.eos_token_id
    return first, last


def wrap(tokenizer: Any, ids: Sequence[int]) -> list[int]:
    """Window ids between the checkpoint's start and end tokens ([CLS] x [SEP], <s> x </s>)."""
    first, last = _ends(tokenizer)
    return ([first] if first is not None else []) + list(ids) + ([last] if last is not None else [])


def shift(tokenizer: Any) -> int:
    """Position of a window's first subword in the wrapped row (1 after a start token)."""
    return int(_ends(tokenizer)[0] is not None)


def inner_size(tokenizer: Any, model_max: int) -> int:
    """Subwords per window once the start/end tokens are added."""
    return model_max - len(wrap(tokenizer, []))


@dataclass
class TransformerTagger:
    """A loaded fine-tuned token-classification model."""

    path: Path
    meta: dict[str, Any]
    tokenizer: Any
    model: Any
    max_length: int = 512
    batch_size: int = 8

    @property
    def name(self) -> str:
        """How records name it: "<component>@<version>"."""
        return f"{self.meta.get('component') or self.meta.get('name') or self.path.name}@{self.meta.get('version', 1)}"

    @property
    def takeover(self) -> set[str]:
        return set(self.meta.get("takeover", []))

    def predict_spans(self, text: str, language: str | None = "sr") -> list[tuple[str, int, int, float]]:
        """Entity spans (label, start, end, score) in ``text``'s offsets; the score is the lowest tag
        probability of the span's words. Cyrillic text is tagged in its Latin layer (the checkpoint was
        fine-tuned on Latin verdicts) and the spans are mapped back."""
        from pipeline.text.translit import span_to_original, to_latin

        latin = to_latin(text, language)
        if not latin.expansions and latin.text == text:
            return self._spans(text)
        return [(lab, *span_to_original(a, b, latin.expansions), score) for lab, a, b, score in self._spans(latin.text)]

    def word_tags(self, text: str) -> tuple[list[tuple[int, int]], list[str], list[float]]:
        """Word tokens, their BIO tags and the probability of each tag."""
        import torch

        enc = encode(self.tokenizer, text)
        if not enc.words:
            return [], [], []
        id2label = {int(k): v for k, v in self.model.config.id2label.items()}
        size = inner_size(self.tokenizer, self.max_length)
        spans = windows(len(enc.ids), size, size // 4)
        best_margin = [-1] * len(enc.ids)
        best_tag = [0] * len(enc.ids)
        best_prob = [0.0] * len(enc.ids)
        dev = next(self.model.parameters()).device
        first = shift(self.tokenizer)
        self.model.eval()
        with torch.no_grad():
            for i in range(0, len(spans), self.batch_size):
                batch = spans[i : i + self.batch_size]
                rows = [wrap(self.tokenizer, enc.ids[a:b]) for a, b in batch]
                width = max(len(r) for r in rows)
                pad = self.tokenizer.pad_token_id or 0
                input_ids = torch.tensor([r + [pad] * (width - len(r)) for r in rows], device=dev)
                mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows], device=dev)
                probs = torch.softmax(self.model(input_ids=input_ids, attention_mask=mask).logits, dim=-1)
                top_prob, top_tag = (t.tolist() for t in probs.max(dim=-1))
                for row, (a, b) in enumerate(batch):
                    for pos in range(a, b):
                        margin = min(pos - a, b - 1 - pos)
                        if margin > best_margin[pos]:
                            best_margin[pos] = margin
                            best_tag[pos] = int(top_tag[row][pos - a + first])
                            best_prob[pos] = float(top_prob[row][pos - a + first])
        tags, scores = [], []
        for k in enc.word_subword:
            if k is None:
                tags.append("O")
                scores.append(1.0)
            else:
                tags.append(id2label.get(best_tag[k], "O"))
                scores.append(best_prob[k])
        return enc.words, tags, scores

    def _spans(self, text: str) -> list[tuple[str, int, int, float]]:
        """Decoded like :func:`pipeline.nlp.tagger.spans_from_bio` (an I- tag without its B- opens a span)."""
        words, tags, scores = self.word_tags(text)
        out: list[tuple[str, int, int, float]] = []
        cur: list[Any] | None = None
        for (start, end), tag, score in zip(words, tags, scores, strict=True):
            if tag == "O":
                if cur:
                    out.append((cur[0], cur[1], cur[2], round(min(cur[3]), 4)))
                cur = None
                continue
            kind, label = tag.split("-", 1)
            if kind == "B" or cur is None or cur[0] != label:
                if cur:
                    out.append((cur[0], cur[1], cur[2], round(min(cur[3]), 4)))
                cur = [label, start, end, [score]]
            else:
                cur[2] = end
                cur[3].append(score)
        if cur:
            out.append((cur[0], cur[1], cur[2], round(min(cur[3]), 4)))
        return out

    def tag(self, text: str, cands: Iterable[Candidate] = ()) -> list[tuple[str, int, int]]:
        """Same shape as the CRF tagger's ``tag`` (the rule candidates are not features here)."""
        return [(lab, a, b) for lab, a, b, _ in self.predict_spans(text, self.meta.get("language", "sr"))]

    def candidates(self, text: str, cands: Iterable[Candidate] = ()) -> list[Candidate]:
        src = f"model:{self.name}"
        return [Candidate(lab, a, b, src, 65) for lab, a, b in self.tag(text)]


def load(path: Path) -> TransformerTagger:
    """Load a registry version folder written by ``spoton train ner --backend transformers``."""
    from transformers import AutoModelForTokenClassification

    quiet()
    path = Path(path)
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"the model meta file {path / 'meta.json'} cannot be read: {exc}") from exc
    weights = path / MODEL_SUBDIR
    if not (weights / "config.json").is_file():
        raise ConfigError(f"the model folder {path} has no {MODEL_SUBDIR}/config.json")
    tokenizer = load_tokenizer(weights)
    try:
        model = AutoModelForTokenClassification.from_pretrained(str(weights), local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"the model in {weights} cannot be loaded: {exc}") from exc
    model.to(device())
    extra = meta.get("extra") or {}
    return TransformerTagger(path, meta, tokenizer, model, max_length=int(extra.get("max_length", 512)))
