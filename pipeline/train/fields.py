"""Train a field-level model (today: the compensation outcome per victim) and register it as a new version.

    spoton train fields --config pipeline/train/configs/field-compensation-outcome.yaml
    spoton train fields --config ... --from export:records.jsonl --from export:tasks.json [--eval SOURCE]

Training data are confirmed values (review database or exports) and the development sets' gold facts
(:mod:`pipeline.train.datasets`). Each document is drafted by the rules first (field models off), so the
figures in the meta compare like with like on the evaluation documents: the rules alone, the model alone, and
what the pipeline drafts with the model in use (the model where the rules have no value or a less confident
one), which is the figure ``spoton models promote`` compares. The model is registered, not activated.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.datafiles import parse_yaml
from pipeline.errors import ConfigError
from pipeline.train import datasets, registry

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO / "pipeline" / "train" / "configs" / "field-compensation-outcome.yaml"


class SplitConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seed: int = datasets.DEFAULT_SEED
    eval_fraction: float = Field(datasets.DEFAULT_EVAL_FRACTION, gt=0, lt=1)


class FeatureConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    char_ngrams: tuple[int, int] = (2, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    n_features: int = 2**18


class ClassifierConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    C: float = 8.0
    class_weight: str | None = "balanced"
    max_iter: int = 3000


class FieldConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    component: str
    field: str
    sources: list[str] = Field(default_factory=list)
    split: SplitConfig = SplitConfig()
    stems: list[str]
    payment_stems: list[str] = Field(default_factory=list)
    features: FeatureConfig = FeatureConfig()
    classifier: ClassifierConfig = ClassifierConfig()
    min_confidence: float = 0.45


def load_config(path: Path | None) -> FieldConfig:
    path = Path(path) if path else DEFAULT_CONFIG
    try:
        return FieldConfig.model_validate(parse_yaml(path.read_text(encoding="utf-8")) or {})
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"the field model configuration {path} cannot be used: {exc}") from exc


def _repo_path(spec: str) -> str:
    """Relative paths in a config are the repository's; on the command line they are the user's."""
    kind, _, rest = spec.partition(":")
    if kind == "db" or not rest or Path(rest.partition("#")[0]).is_absolute():
        return spec
    return f"{kind}:{REPO / rest}"


@dataclass
class Example:
    doc_id: str
    text: str  # the model's input
    label: str
    rule: Any  # the rules' value for the same victim (None: not found)
    rule_confidence: float
    read: bool  # the model had sentences to read (else it is not asked in the pipeline)


def _key(name: Any) -> tuple[str, ...]:
    import re

    from pipeline.coding.field_models import fold

    return tuple(sorted(re.findall(r"[^\W_]+", fold(str(name or ""), None))))


def examples(docs: list[datasets.TrainingDocument], cfg: FieldConfig,
             log: Callable[[str], None] | None = None) -> list[Example]:
    """One example per victim with a confirmed value: the context the model reads, and the rules' draft."""
    from pipeline.coding import build_record, field_models
    from pipeline.evaluate import make_document

    level, _, dotted = cfg.field.partition(".")
    if level != "victim":
        raise ConfigError(f"field models exist for victim fields only, not {cfg.field}")
    group, _, leaf = dotted.rpartition(".")
    out: list[Example] = []
    for n, doc in enumerate(docs, start=1):
        people = [v for v in doc.victims or [] if v.get(dotted) is not None]
        if not people or not doc.text:
            continue
        document = make_document(doc.text, doc.doc_id, doc.language or "sr", doc.script or "Latn")
        with field_models.disabled():
            record = build_record(document)
        drafted = {}
        for victim in record.victims:
            node = victim.get(group) if group else victim
            fv = node.get(leaf) if isinstance(node, dict) else None
            name = victim.get("name")
            drafted.setdefault(_key(getattr(name, "value", None)), fv)
        sentences = [(s.start, s.end, s.section) for s in record.sentences]
        names = [v.get("name") for v in doc.victims or []]
        contexts = field_models.victim_contexts(doc.text, sentences, names, cfg.stems, record.language,
                                                cfg.payment_stems)
        for victim, context in zip(doc.victims or [], contexts, strict=True):
            label = victim.get(dotted)
            if label is None:
                continue
            fv = drafted.get(_key(victim.get("name")))
            out.append(Example(doc.doc_id, context.text, str(label), getattr(fv, "value", None),
                               float(getattr(fv, "confidence", 0.0) or 0.0), bool(context.spans)))
        if log and n % 20 == 0:
            log(f"  {n}/{len(docs)} documents drafted")
    return out


def fit(train: list[Example], cfg: FieldConfig) -> dict[str, Any]:
    """Arrays of the model: hashed columns seen in training, their idf, logistic regression weights."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    from pipeline.coding.field_models import HASHING, ngram_counts, weights

    settings = {**cfg.features.model_dump(), "hashing": HASHING}
    counts = [ngram_counts(e.text, settings) for e in train]
    columns = np.array(sorted({c for row in counts for c in row}), dtype=np.int64)
    index = {int(c): j for j, c in enumerate(columns)}
    df = np.zeros(len(columns))
    for row in counts:
        df[[index[c] for c in row]] += 1
    idf = np.log((1 + len(train)) / (1 + df)) + 1.0
    data, indices, indptr = [], [], [0]
    for row in counts:
        positions, values = weights(row, index, idf)
        indices += positions
        data += list(values)
        indptr.append(len(indices))
    matrix = csr_matrix((data, indices, indptr), shape=(len(train), len(columns)))
    labels = [e.label for e in train]
    classes = sorted(set(labels))
    if len(classes) < 2:
        raise ConfigError(f"the training set has one value only ({classes[0] if classes else 'none'}) for "
                          f"{cfg.field}: a classifier needs examples of at least two")
    clf = LogisticRegression(C=cfg.classifier.C, class_weight=cfg.classifier.class_weight,
                             max_iter=cfg.classifier.max_iter)
    clf.fit(matrix, labels)
    coef, intercept = clf.coef_, clf.intercept_
    if len(classes) == 2:  # sklearn keeps one row for two classes: make it two (softmax of +/- score / 2)
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return {"classes": list(clf.classes_), "columns": columns, "idf": idf.astype(np.float32),
            "coef": coef.astype(np.float32), "intercept": intercept.astype(np.float32), "settings": settings}


def _combined(example: Example, predicted: str, probability: float, min_confidence: float) -> Any:
    """What the pipeline drafts with the model in use (the rule of :func:`pipeline.coding.field_models.apply`,
    less its per-language guards, which need the whole record: e.g. an award ruling out "not_claimed")."""
    if not example.read or probability < min_confidence:
        return example.rule
    if example.rule is not None and (example.rule == predicted or example.rule_confidence >= probability):
        return example.rule
    return predicted


def _per_label(gold: list[str], got: list[Any]) -> dict[str, dict[str, float]]:
    out = {}
    for label in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, got, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, got, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, got, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = {"f1": round(f1, 4), "precision": round(precision, 4), "recall": round(recall, 4),
                      "support": tp + fn}
    return out


def measure(arrays: dict[str, Any], held: list[Example], cfg: FieldConfig) -> dict[str, Any]:
    from pipeline.coding.field_models import FieldModel

    model = FieldModel("candidate", cfg.field, arrays["classes"], arrays["columns"], arrays["idf"],
                       arrays["coef"], arrays["intercept"], arrays["settings"])
    predicted = model.predict([e.text for e in held]) if held else []
    gold = [e.label for e in held]
    alone = [p for p, _ in predicted]
    combined = [_combined(e, p, q, cfg.min_confidence) for e, (p, q) in zip(held, predicted, strict=True)]
    rules = [e.rule for e in held]

    def accuracy(values: list[Any]) -> float:
        return round(sum(1 for g, v in zip(gold, values, strict=True) if g == v) / len(gold), 4) if gold else 0.0

    return {
        "overall": {"field_accuracy": accuracy(combined)},
        "per_field": {cfg.field: {"accuracy": accuracy(combined), "model_alone": accuracy(alone),
                                  "rules": accuracy(rules), "victims": len(gold)}},
        "per_label": _per_label(gold, combined),
    }



def train(config: Path | None = None, sources: list[str] | None = None, eval_sources: list[str] | None = None,
          log: Callable[[str], None] | None = None) -> registry.ModelMeta:
    """Build the training set, fit, measure on the evaluation documents, register; returns the new meta."""
    import numpy as np

    from pipeline.coding.codebook import codebook

    log = log or (lambda message: None)
    cfg = load_config(config)
    specs = list(sources) if sources else [_repo_path(s) for s in cfg.sources]
    named = list(sources) if sources else list(cfg.sources)  # as the meta records them (repository-relative)
    if not specs:
        raise ConfigError("no training data: give --from SOURCE (or sources in the configuration)")
    docs, textless = datasets.load(specs)
    if textless:
        log(f"spoton train fields: {textless} record(s) without their text left out (add the Label Studio or "
            "DocBin export of the same verdicts)")
    held_docs = datasets.load(eval_sources)[0] if eval_sources else None
    train_docs, eval_docs = datasets.split(docs, seed=cfg.split.seed, fraction=cfg.split.eval_fraction,
                                           eval_documents=held_docs)
    log(f"spoton train fields: {len(train_docs)} training and {len(eval_docs)} evaluation document(s)")
    train_set = examples(train_docs, cfg, log)
    held = examples(eval_docs, cfg, log)
    if not train_set:
        raise ConfigError(f"no confirmed {cfg.field} value in the training documents")
    arrays = fit(train_set, cfg)
    metrics = measure(arrays, held, cfg)

    def labels_of(doc: datasets.TrainingDocument) -> list[Any]:
        dotted = cfg.field.partition(".")[2]
        return [[v.get("name"), v.get(dotted)] for v in doc.victims or []]

    split_name = ("eval:" + ",".join(eval_sources)) if eval_sources else \
        f"split:seed={cfg.split.seed}:fraction={cfg.split.eval_fraction}:" + ",".join(named)
    meta = registry.ModelMeta(
        component=cfg.component, version=1, created=registry.now(), backend="sklearn",
        kind="logistic regression over hashed n-grams of the victim's compensation sentences",
        labels=arrays["classes"], fields=[cfg.field],
        metrics=registry.Metrics.model_validate(metrics),
        eval_set=registry.EvalSet(name=split_name[:300], sha256=datasets.fingerprint(eval_docs, labels_of)),
        training_data=registry.TrainingData(sources=named, sha256=datasets.fingerprint(train_docs, labels_of),
                                            documents=len(train_docs)),
        codebook_version=str(getattr(codebook(), "version", "") or "") or None,
        libraries=registry.library_versions(("scikit-learn", "numpy", "scipy")),
        extra={"features": arrays["settings"], "stems": cfg.stems, "payment_stems": cfg.payment_stems,
               "min_confidence": cfg.min_confidence,
               "examples": {"train": len(train_set), "eval": len(held)},
               "train_labels": dict(Counter(e.label for e in train_set))},
    )
    with tempfile.TemporaryDirectory(prefix="spoton-field-") as build:
        np.savez_compressed(Path(build) / "model.npz", columns=arrays["columns"], idf=arrays["idf"],
                            coef=arrays["coef"], intercept=arrays["intercept"])
        number = registry.register(cfg.component, Path(build), meta)
    return registry.get(cfg.component, number)
