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


# --------------------------------------------------------------------------- from training sources, into the registry


def examples_from_documents(docs: list[Any]) -> list[dict[str, Any]]:
    """Sentences with their tags from training documents (:mod:`pipeline.train.datasets`): a record's sentences
    and tags where its offsets address the text (database, unpseudonymised export), else the text segmented
    and tagged by the rules (weak labels)."""
    from pipeline.nlp.structure import segment_text
    from pipeline.train.datasets import sentences_fit

    known = set(tag_names())
    out: list[dict[str, Any]] = []
    for doc in docs:
        if not doc.text:
            continue
        if sentences_fit(doc):
            spans = [(s["start"], s["end"], s["section"], s["labels"]) for s in doc.sentences]
        else:
            structure = segment_text(doc.text, doc.language, use_model=False)
            spans = [(s.start, s.end, s.section, list(s.labels)) for s in structure.sentences]
        for start, end, section, labels in spans:
            out.append({"doc": doc.doc_id, "text": doc.text[start:end], "section": section,
                        "labels": [lab for lab in labels if lab in known]})
    return out


def _scores(gold: list[list[str]], got: list[list[str]], labels: list[str]) -> dict[str, Any]:
    per: dict[str, Any] = {}
    total = [0, 0, 0]
    for label in labels:
        tp = sum(1 for g, p in zip(gold, got, strict=True) if label in g and label in p)
        fp = sum(1 for g, p in zip(gold, got, strict=True) if label not in g and label in p)
        fn = sum(1 for g, p in zip(gold, got, strict=True) if label in g and label not in p)
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        per[label] = {"f1": round(f1, 4), "support": tp + fn}
    tp, fp, fn = total
    return {"overall": {"f1": round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else 0.0}, "per_label": per}


def train_registered(sources: list[str], eval_sources: list[str] | None = None, *, epochs: int = 10,
                     seed: int = 20261202, log: Callable[[str], None] = lambda m: None):
    """Build the set, split it by document, train, measure on the held-out sentences, register a version of
    ``sentence-tags`` (not active: ``spoton models promote sentence-tags N``). Returns its meta."""
    import tempfile
    from importlib.metadata import version

    import spacy

    from pipeline.coding.codebook import codebook
    from pipeline.train import datasets, registry

    docs, textless = datasets.load(sources)
    if textless:
        log(f"{textless} record(s) without their text left out")
    held = datasets.load(eval_sources)[0] if eval_sources else None
    train_docs, eval_docs = datasets.split(docs, seed=seed, eval_documents=held)
    train_set = examples_from_documents(train_docs)
    eval_set = examples_from_documents(eval_docs)
    log(f"{len(train_docs)} training document(s) ({len(train_set)} sentences), {len(eval_docs)} held out")
    with tempfile.TemporaryDirectory(prefix="spoton-sentence-tags-") as build:
        folder = Path(build) / "spacy"
        meta = train(train_set, folder, epochs=epochs, seed=0, log=log)
        nlp = spacy.load(folder)
        threshold = meta["threshold"]
        docs_out = nlp.pipe([f"{e['section']}: {e['text']}" for e in eval_set], batch_size=64)
        got = [sorted(k for k, v in d.cats.items() if v >= threshold) for d in docs_out]
        metrics = _scores([e["labels"] for e in eval_set], got, meta["labels"])

        def labels_of(doc: Any) -> Any:
            return [[e["text"], e["labels"]] for e in examples_from_documents([doc])]

        model_meta = registry.ModelMeta(
            component="sentence-tags", version=1, created=registry.now(), backend="spacy",
            kind="spaCy textcat_multilabel (bag of words) for the sentences the rules leave untagged",
            labels=meta["labels"], metrics=registry.Metrics.model_validate(metrics),
            eval_set=registry.EvalSet(name=("eval:" + ",".join(eval_sources)) if eval_sources else
                                      f"split:seed={seed}:" + ",".join(sources),
                                      sha256=datasets.fingerprint(eval_docs, labels_of)),
            training_data=registry.TrainingData(sources=list(sources), documents=len(train_docs),
                                                sha256=datasets.fingerprint(train_docs, labels_of)),
            codebook_version=codebook().version, libraries={"spacy": version("spacy")},
            extra={"threshold": threshold, "examples": {"train": len(train_set), "eval": len(eval_set)}})
        number = registry.register("sentence-tags", Path(build), model_meta)
    return registry.get("sentence-tags", number)
