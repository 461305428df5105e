"""The learning curve: the same model trained on growing shares of the training documents, each measured on
the same held-out documents, so a researcher sees whether annotating more verdicts would still pay.

    spoton evaluate --gold LABELSTUDIO_JSON --texts DIR --learning-curve OUT.png [--curve-model crf|corrector]

The model is the CRF (``crf`` section of the config, its spans alone), the span corrector over the rules
(``corrector`` section: the default entity model, rules + model) or a transformer (``--base-model``).

Training documents are shuffled once with a fixed seed and the subsets are nested (the 10-document model's
documents are among the 20-document model's), so the curve shows the effect of more data, not of other
data. The PNG (strict F1 of the model alone, micro and the labels with the most held-out spans, beside the
rules alone) and the figures behind it (OUT.json) are written atomically.
"""

from __future__ import annotations

import io
import json
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.atomic import write_bytes, write_text
from pipeline.evaluate import Counts, by_label, norm_span, strict_counts
from pipeline.nlp.entities import rule_entities
from pipeline.nlp.rules import resolve
from pipeline.train.transformer import Doc, Span3

Predictor = Callable[[str], list[Span3]]
Fit = Callable[[Sequence[Doc]], Predictor]


def sizes_for(n: int, steps: int) -> list[int]:
    """``steps`` training-set sizes from about n/steps up to n (distinct, increasing)."""
    return sorted({max(1, round(n * (i + 1) / steps)) for i in range(max(1, steps))})


def _score(predict: Predictor, docs: Sequence[Doc], labels: Sequence[str]) -> dict[str, Any]:
    per = {lab: Counts() for lab in labels}
    micro = Counts()
    for d in docs:
        pred = [(lab, *norm_span(d.text, a, b)) for lab, a, b in predict(d.text)]
        for lab in labels:
            c = strict_counts(by_label(d.spans, lab), by_label(pred, lab))
            per[lab].add(c)
            micro.add(c)
    return {"micro": round(micro.f1, 4), "per_label": {lab: round(per[lab].f1, 4) for lab in labels}}


def rules_predictor(language: str, labels: Sequence[str]) -> Predictor:
    wanted = set(labels)

    def predict(text: str) -> list[Span3]:
        return [(c.label, c.start, c.end) for c in resolve(rule_entities(text, language, "Latn")) if c.label in wanted]

    return predict


def learning_curve(train_docs: Sequence[Doc], eval_docs: Sequence[Doc], fit: Fit, labels: Sequence[str], *,
                   steps: int = 5, seed: int = 13, language: str = "sr", model: str = "model",
                   log: Callable[[str], None] = print) -> dict[str, Any]:
    """Train ``fit`` on nested growing subsets of ``train_docs``; strict F1 on ``eval_docs`` for each."""
    order = sorted(train_docs, key=lambda d: d.id)
    random.Random(seed).shuffle(order)
    points = []
    for size in sizes_for(len(order), steps):
        t0 = time.perf_counter()
        figures = _score(fit(order[:size]), eval_docs, labels)
        points.append({"documents": size, **figures, "seconds": round(time.perf_counter() - t0, 1)})
        log(f"learning curve: {size} training documents -> strict micro F1 {figures['micro']:.4f} "
            f"({points[-1]['seconds']:.0f}s)")
    support = {lab: sum(1 for d in eval_docs for s in d.spans if s[0] == lab) for lab in labels}
    return {
        "model": model,
        "metric": "strict F1 (same label, same start and end), model alone",
        "seed": seed,
        "train_documents": len(order),
        "eval_documents": len(eval_docs),
        "support": support,
        "points": points,
        "rules": _score(rules_predictor(language, labels), eval_docs, labels),
    }


def shown_labels(curve: dict[str, Any], k: int = 4) -> list[str]:
    """The labels with the most held-out spans (the ones whose curves are not noise)."""
    support = curve["support"]
    return sorted((lab for lab in support if support[lab]), key=lambda lab: (-support[lab], lab))[:k]


def plot(curve: dict[str, Any], out: Path, k: int = 4) -> None:
    """PNG readable in black and white: micro in bold, a few labels with their own markers and dashes,
    the rules' micro F1 as a dotted line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [p["documents"] for p in curve["points"]]
    fig, ax = plt.subplots(figsize=(9.6, 4.6), dpi=120)
    ax.plot(xs, [p["micro"] for p in curve["points"]], color="black", linewidth=2.4, marker="o",
            label="micro (all labels)")
    styles = [("s", "--"), ("^", "-."), ("D", (0, (8, 2))), ("v", (0, (4, 1, 1, 1, 1, 1)))]
    for (marker, dash), lab in zip(styles, shown_labels(curve, k), strict=False):
        ax.plot(xs, [p["per_label"][lab] for p in curve["points"]], color="0.35", linewidth=1.2, marker=marker,
                linestyle=dash, markersize=5, label=f"{lab} ({curve['support'][lab]} spans)")
    ax.axhline(curve["rules"]["micro"], color="0.2", linestyle=":", linewidth=1.5,
               label=f"rules alone, micro ({curve['rules']['micro']:.3f})")
    ax.set_xlabel("training documents")
    ax.set_ylabel("strict F1 on held-out documents")
    ax.set_title(f"Learning curve: {curve['model']}, {curve['eval_documents']} held-out documents", fontsize=11)
    values = [curve["rules"]["micro"]] + [p["micro"] for p in curve["points"]]
    values += [p["per_label"][lab] for p in curve["points"] for lab in shown_labels(curve, k)]
    ax.set_ylim(max(0.0, int((min(values) - 0.05) * 10) / 10), 1.0)
    ax.set_xticks(xs)
    ax.grid(True, color="0.85", linewidth=0.6)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    write_bytes(Path(out), buf.getvalue())


def write(curve: dict[str, Any], out: Path) -> Path:
    """OUT.png and the figures as OUT.json beside it; returns the JSON path."""
    out = Path(out)
    plot(curve, out)
    figures = out.with_suffix(".json")
    write_text(figures, json.dumps(curve, indent=1, ensure_ascii=False) + "\n")
    return figures


# --------------------------------------------------------------------------- models to fit


def crf_fit(cfg: dict[str, Any], language: str = "sr") -> Fit:
    """The CRF of ``spoton train ner`` (rule features, the configuration's CRF settings), used alone."""
    import pycrfsuite

    from pipeline.nlp.tagger import features, spans_from_bio, tokenize
    from pipeline.train.ner import TrainDoc, train_model

    rules_of: dict[str, list[Any]] = {}

    def rules(text: str) -> list[Any]:
        if text not in rules_of:
            rules_of[text] = resolve(rule_entities(text, language, "Latn"))
        return rules_of[text]

    def fit(docs: Sequence[Doc]) -> Predictor:
        train = [TrainDoc(i, d.text, list(d.spans), rules(d.text)) for i, d in enumerate(docs)]
        with tempfile.TemporaryDirectory(prefix="spoton-curve-") as tmp:
            path = Path(tmp) / "model.crfsuite"
            train_model(train, cfg, path)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))  # the model is read into memory: the folder can go

        def predict(text: str) -> list[Span3]:
            spans = tokenize(text)
            if not spans:
                return []
            return spans_from_bio(spans, tagger.tag(pycrfsuite.ItemSequence(features(text, spans, rules(text)))))

        return predict

    return fit


def corrector_fit(cfg: dict[str, Any]) -> Fit:
    """The span corrector over the rules (the ``corrector`` section of ``ner-sr.yaml``, the default entity
    model): its per-label decision and weights made on each subset, its output the rules' spans corrected."""
    from pipeline.evaluate import make_document
    from pipeline.nlp.boundary import Span, apply, from_weights
    from pipeline.nlp.entities import TASK_LABELS, find_entities
    from pipeline.nlp.rules import load_rules, regions_from_markers
    from pipeline.train.boundary import TrainDoc, train_corrector

    settings = {**cfg["corrector"], "labels": list(cfg["labels"])}
    seen: dict[str, tuple[list[Any], list[Any], dict[str, tuple[int, int]]]] = {}

    def rules_of(text: str) -> tuple[list[Any], list[Any], dict[str, tuple[int, int]]]:
        if text not in seen:
            entities = find_entities(make_document(text, "curve"), use_model=False)
            seen[text] = ([Span(e.label, e.start, e.end, e.source or "") for e in entities if e.label in TASK_LABELS],
                          [e for e in entities if e.label not in TASK_LABELS],
                          regions_from_markers(text, load_rules("sr-Latn")))
        return seen[text]

    def fit(docs: Sequence[Doc]) -> Predictor:
        train = [TrainDoc(i, d.id, d.text, list(d.spans), *rules_of(d.text)) for i, d in enumerate(docs)]
        weights, _ = train_corrector(train, settings)
        model = from_weights(weights, name="curve")

        def predict(text: str) -> list[Span3]:
            rules, _, regions = rules_of(text)
            return [(s.label, s.start, s.end) for s in apply(model, text, rules, regions)]

        return predict

    return fit


def transformer_fit(base_model: Path, config: Path | None = None) -> Fit:
    """The transformers backend, fine-tuned from ``base_model`` on each subset."""
    from pipeline.nlp import transformer_tagger
    from pipeline.train.transformer import fine_tune, load_config

    cfg = load_config(config)

    def fit(docs: Sequence[Doc]) -> Predictor:
        with tempfile.TemporaryDirectory(prefix="spoton-curve-") as tmp:
            stats = fine_tune(Path(base_model), docs, cfg, Path(tmp), log=lambda _: None)
            (Path(tmp) / "meta.json").write_text(json.dumps({"extra": {"max_length": stats["max_length"]}}),
                                                 encoding="utf-8")
            tagger = transformer_tagger.load(Path(tmp))

        def predict(text: str) -> list[Span3]:
            return [(lab, a, b) for lab, a, b, _ in tagger.predict_spans(text)]

        return predict

    return fit


def run_cli(gold: Path, texts: Path, out: Path, *, split_file: Path | None, steps: int = 5,
            config: Path | None = None, base_model: Path | None = None, seed: int = 13, model: str = "crf",
            log: Callable[[str], None] = print) -> dict[str, Any]:
    """`spoton evaluate --learning-curve OUT.png`: train on the dev side, measure on the held-out side."""
    from pipeline.errors import ConfigError
    from pipeline.evaluate import DEFAULT_SPLIT_FILE
    from pipeline.train import ner
    from pipeline.train.transformer import documents_from_labelstudio

    if Path(out).suffix.lower() != ".png":
        raise ConfigError(f"--learning-curve wants a .png file name, not {out}")
    if base_model is not None:
        from pipeline.train.transformer import load_config

        tcfg = load_config(config)
        labels, language, fit, name = tcfg.labels, tcfg.language, transformer_fit(base_model, config), \
            f"transformers ({Path(base_model).name})"
    else:
        cfg = ner.load_config(config or ner.REPO / "pipeline" / "train" / "configs" / "ner-sr.yaml")
        labels, language = list(cfg["labels"]), cfg.get("language", "sr")
        if model == "corrector":
            if "corrector" not in cfg:
                raise ConfigError("--curve-model corrector needs a config with a corrector section (ner-sr.yaml)")
            fit, name = corrector_fit(cfg), "span corrector over the rules (rules + model)"
        else:
            fit, name = crf_fit(cfg), "CRF on rule features"
    split_file = split_file or DEFAULT_SPLIT_FILE
    train_docs = documents_from_labelstudio(gold, texts, "dev", split_file, labels)
    eval_docs = documents_from_labelstudio(gold, texts, "heldout", split_file, labels)
    if len(train_docs) < 2 or not eval_docs:
        raise ConfigError(f"a learning curve needs dev and held-out documents ({len(train_docs)} dev, "
                          f"{len(eval_docs)} held-out)")
    curve = learning_curve(train_docs, eval_docs, fit, labels, steps=steps, seed=seed, language=language,
                           model=name, log=log)
    figures = write(curve, out)
    log(f"learning curve: {out} and {figures.name}")
    return curve
