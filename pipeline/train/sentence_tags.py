"""Train the sentence-tag classifier that labels the sentences the rules leave untagged.

    python -m pipeline.train.sentence_tags --data examples.jsonl --out models/sentence-tags

``examples.jsonl`` holds one sentence a line: {"text": ..., "section": "reasoning", "labels": [...]}
(labels from ``resources/sentence_tags.yaml``; an empty list is a sentence with no tag). Such files come
from lawyers' corrections in the review application; ``--from-texts DIR`` bootstraps one from verdict
texts tagged by the rules (weak labels: the model then learns the rules' vocabulary in context).

The model is a spaCy ``textcat_multilabel`` pipeline (bag-of-words: small, fast, no GPU) saved with
``spacy``'s own format, so loading it never runs code from the model directory. Sentences are fed as
"section: text", the same way :func:`pipeline.nlp.tags.load_classifier` feeds them.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pipeline.atomic import write_text
from pipeline.errors import ConfigError, InputError
from pipeline.nlp.tags import tag_names


def read_examples(path: Path) -> list[dict[str, Any]]:
    """Examples from a JSONL file; a bad line is reported with its number."""
    out: list[dict[str, Any]] = []
    known = set(tag_names())
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"The training examples {path} cannot be read: {exc}") from exc
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            ex = json.loads(line)
            text, section, labels = (
                str(ex["text"]),
                str(ex.get("section", "body")),
                list(ex.get("labels") or []),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(
                f"{Path(path).name}, line {i}: not an example with text/section/labels ({exc})."
            ) from exc
        unknown = [lab for lab in labels if lab not in known]
        if unknown:
            raise InputError(f"{Path(path).name}, line {i}: unknown tag(s) {', '.join(unknown)}.")
        out.append({"text": text, "section": section, "labels": labels})
    return out


def examples_from_texts(paths: Iterable[Path], language: str | None = None) -> list[dict[str, Any]]:
    """Weak examples: every sentence of the given verdict texts with the rules' tags."""
    from pipeline.nlp.structure import segment_text

    out: list[dict[str, Any]] = []
    for p in paths:
        text = Path(p).read_text(encoding="utf-8", errors="replace")
        st = segment_text(text, language, use_model=False)
        for s in st.sentences:
            out.append({"text": text[s.start : s.end], "section": s.section, "labels": list(s.labels)})
    return out


def train(
    examples: list[dict[str, Any]],
    out: Path,
    *,
    epochs: int = 10,
    threshold: float = 0.5,
    seed: int = 0,
    log: Callable[[str], None] = lambda m: None,
) -> dict[str, Any]:
    """Train and save the classifier to ``out``; returns what was written to ``out/spoton.json``."""
    import spacy
    from spacy.training import Example

    if not examples:
        raise ConfigError("No training examples: the sentence tag classifier needs at least one.")
    labels = sorted({lab for ex in examples for lab in ex["labels"]})
    if not labels:
        raise ConfigError("The training examples carry no tag at all: nothing to learn.")
    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("xx")
    cat = nlp.add_pipe(
        "textcat_multilabel",
        config={
            "model": {
                "@architectures": "spacy.TextCatBOW.v3",
                "exclusive_classes": False,
                "ngram_size": 2,
                "no_output_layer": False,
                "length": 262144,
            }
        },
    )
    for lab in labels:
        cat.add_label(lab)
    data = [
        Example.from_dict(
            nlp.make_doc(f"{ex['section']}: {ex['text']}"),
            {"cats": {lab: float(lab in ex["labels"]) for lab in labels}},
        )
        for ex in examples
    ]
    optimizer = nlp.initialize(lambda: data)
    for epoch in range(epochs):
        random.shuffle(data)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(data, size=32):
            nlp.update(batch, sgd=optimizer, losses=losses)
        log(f"epoch {epoch + 1}/{epochs}: loss {losses.get('textcat_multilabel', 0.0):.4f}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    meta = {
        "labels": labels,
        "threshold": threshold,
        "examples": len(examples),
        "epochs": epochs,
        "seed": seed,
    }
    write_text(out / "spoton.json", json.dumps(meta, indent=2))
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, help="examples.jsonl (text, section, labels)")
    ap.add_argument(
        "--from-texts", type=Path, help="folder of verdict .txt files tagged by the rules (weak labels)"
    )
    ap.add_argument("--language", default=None)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=10)
    args = ap.parse_args(argv)
    if args.data:
        examples = read_examples(args.data)
    elif args.from_texts:
        examples = examples_from_texts(sorted(args.from_texts.glob("*.txt")), args.language)
    else:
        ap.error("give --data or --from-texts")
    meta = train(examples, args.out, epochs=args.epochs, log=print)
    print(f"sentence tag classifier: {args.out} ({meta['examples']} examples, {len(meta['labels'])} tags)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
