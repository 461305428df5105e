"""Train the entity tagger (CRF stacked on the rules) on the dev split and decide, per label, where it
takes over from the rules.

    spoton train ner --config pipeline/train/configs/ner-sr.yaml --out models/ner-sr
    python -m pipeline.train.ner --config ... --out ...

The decision is made from data: k-fold cross-validation over the dev documents compares, label by
label, the strict F1 of the model's spans with the rules' spans on the same held-in-turn documents.
The held-out split is never read. The meta file records the decision and the figures behind it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.atomic import write_text
from pipeline.datafiles import parse_yaml
from pipeline.errors import ConfigError
from pipeline.evaluate import Counts, by_label, norm_span, strict_counts
from pipeline.labelstudio import analysis_text, load_tasks, select, task_text
from pipeline.nlp.entities import rule_entities
from pipeline.nlp.rules import resolve
from pipeline.nlp.tagger import bio_from_spans, features, load_tagger, tokenize

REPO = Path(__file__).resolve().parents[2]


@dataclass
class TrainDoc:
    id: int
    text: str
    gold: list[tuple[str, int, int]]
    rules: list[Any]  # resolved rule candidates (all labels)


def load_config(path: Path) -> dict[str, Any]:
    try:
        cfg = parse_yaml(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"The training configuration {path} cannot be read: {e}") from e
    for key in ("name", "gold", "texts", "labels", "crf"):
        if key not in cfg:
            raise ConfigError(f"The training configuration {path} has no '{key}'.")
    return cfg


def _path(p: str | Path) -> Path:
    p = Path(p)
    return p if p.is_absolute() else REPO / p


def load_docs(cfg: dict[str, Any], gold: Path | None = None, texts: Path | None = None) -> list[TrainDoc]:
    gold = gold or _path(cfg["gold"])
    texts = texts or _path(cfg["texts"])
    tasks = select(load_tasks(gold), cfg.get("split", "dev"), _path(cfg.get("split_file", "")) if cfg.get("split_file") else None)
    labels = set(cfg["labels"])
    docs = []
    for t in tasks:
        text = analysis_text(task_text(t, texts))
        g = []
        for s in t.spans:
            if s.label in labels:
                a, b = norm_span(text, s.start, s.end)
                if b > a:
                    g.append((s.label, a, b))
        rules = resolve(rule_entities(text, cfg.get("language", "sr"), "Latn"))
        docs.append(TrainDoc(t.id, text, g, rules))
    return docs


def _xy(doc: TrainDoc) -> tuple[list[list[str]], list[str]]:
    spans = tokenize(doc.text)
    return features(doc.text, spans, doc.rules), bio_from_spans(spans, doc.gold)


def train_model(docs: list[TrainDoc], cfg: dict[str, Any], model_path: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for d in docs:
        x, y = _xy(d)
        trainer.append(pycrfsuite.ItemSequence(x), y)
    crf = dict(cfg["crf"])
    trainer.select(crf.pop("algorithm", "lbfgs"))
    trainer.set_params(crf)
    trainer.train(str(model_path))


def _fold_of(doc_id: int, k: int) -> int:
    return int(hashlib.sha256(f"fold:{doc_id}".encode()).hexdigest(), 16) % k


def cross_validate(docs: list[TrainDoc], cfg: dict[str, Any], log=print) -> dict[str, dict[str, Any]]:
    """Per label: strict P/R/F1 of the model and of the rules over k folds of the dev documents."""
    import pycrfsuite

    k = int(cfg.get("folds", 5))
    labels = list(cfg["labels"])
    model_c = {lab: Counts() for lab in labels}
    rule_c = {lab: Counts() for lab in labels}
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(k):
            train = [d for d in docs if _fold_of(d.id, k) != fold]
            test = [d for d in docs if _fold_of(d.id, k) == fold]
            if not test or not train:
                continue
            t0 = time.perf_counter()
            mp = Path(tmp) / f"fold{fold}.crfsuite"
            train_model(train, cfg, mp)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(mp))
            for d in test:
                spans = tokenize(d.text)
                from pipeline.nlp.tagger import spans_from_bio

                pred = spans_from_bio(spans, tagger.tag(pycrfsuite.ItemSequence(features(d.text, spans, d.rules))))
                pred = [(lab, *norm_span(d.text, a, b)) for lab, a, b in pred]
                rules = [(c.label, *norm_span(d.text, c.start, c.end)) for c in d.rules]
                for lab in labels:
                    model_c[lab].add(strict_counts(by_label(d.gold, lab), by_label(pred, lab)))
                    rule_c[lab].add(strict_counts(by_label(d.gold, lab), by_label(rules, lab)))
            tagger.close()
            log(f"fold {fold + 1}/{k}: trained on {len(train)}, tested on {len(test)} ({time.perf_counter() - t0:.0f}s)")
    return {lab: {"model": model_c[lab].as_dict(), "rules": rule_c[lab].as_dict()} for lab in labels}


def label_regions(docs: list[TrainDoc], labels: list[str], min_share: float = 0.02) -> dict[str, list[str]]:
    """Where each label occurs in the gold (regions holding at least ``min_share`` of its spans), so
    the tagger can run on those regions only (speed)."""
    from collections import Counter

    from pipeline.nlp.rules import load_rules, regions_from_markers

    counts: dict[str, Counter] = {lab: Counter() for lab in labels}
    for d in docs:
        reg = regions_from_markers(d.text, load_rules("sr-Latn"))
        for lab, a, _ in d.gold:
            for name in ("header", "operative", "reasoning", "footer"):
                lo, hi = reg[name]
                if lo <= a < hi:
                    counts[lab][name] += 1
                    break
    out = {}
    for lab, c in counts.items():
        total = sum(c.values()) or 1
        out[lab] = sorted(k for k, v in c.items() if v / total >= min_share)
    return out


def decide(cv: dict[str, dict[str, Any]], margin: float) -> list[str]:
    return sorted(lab for lab, m in cv.items() if m["model"]["f1"] >= m["rules"]["f1"] + margin)


def train(config: Path, out: Path | None, *, gold: Path | None = None, texts: Path | None = None, log=print,
          register: bool = False) -> dict[str, Any]:
    """Cross-validate, decide per label where the model changes the rules' output, train on all the
    training documents, write the model folder ``out``.

    A config with a ``corrector`` section trains the span corrector (:mod:`pipeline.train.boundary`, the
    default ``ner-sr`` model) on every annotated verdict; one without trains the CRF on the dev split.
    ``register=True`` (or ``out=None``) adds the folder to the registry as the next version of the config's
    component instead (not active: ``spoton models promote``); the returned meta then has its version.
    """
    cfg = load_config(config)
    if "corrector" in cfg:
        return _train_corrector(cfg, out, gold=gold, texts=texts, log=log, register=register or out is None)
    if out is None:
        raise ConfigError("Training the CRF needs an output folder (--out DIR).")
    t0 = time.perf_counter()
    docs = load_docs(cfg, gold, texts)
    if len(docs) < 2:
        raise ConfigError("Training needs at least two annotated documents in the dev split.")
    log(f"{len(docs)} dev documents")
    cv = cross_validate(docs, cfg, log)
    takeover = decide(cv, float(cfg.get("margin", 0.01)))
    log(f"model takes over: {', '.join(takeover) or 'nothing'}")
    out = Path(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent if out.parent.exists() else None))
    try:
        train_model(docs, cfg, tmp / "model.crfsuite")
        import pycrfsuite

        ids = sorted(d.id for d in docs)
        regions = label_regions(docs, cfg["labels"])
        meta = {
            "name": cfg["name"],
            "version": int(cfg.get("version", 1)),
            "kind": "crfsuite-linear-chain-crf",
            "language": cfg.get("language", "sr"),
            "labels": cfg["labels"],
            "takeover": takeover,
            "regions": regions,
            "trained_on": {
                "corpus": Path(cfg["gold"]).parent.name,
                "split": cfg.get("split", "dev"),
                "split_file": str(cfg.get("split_file", "")),
                "documents": len(docs),
                "task_ids_sha256": hashlib.sha256(json.dumps(ids).encode()).hexdigest(),
            },
            "decision": {"method": f"{cfg.get('folds', 5)}-fold CV on the dev split, strict F1, margin {cfg.get('margin', 0.01)}",
                         "per_label": cv},
            "config": cfg,
            "crfsuite": getattr(pycrfsuite, "__version__", "?"),
            "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "seconds": round(time.perf_counter() - t0, 1),
        }
        write_text(tmp / "meta.json", json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
        load_tagger(tmp)  # must load before it replaces the old model
        tmp.chmod(0o755)
        (tmp / "meta.json").chmod(0o644)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return meta


def _train_corrector(cfg: dict[str, Any], out: Path | None, *, gold: Path | None, texts: Path | None, log,
                     register: bool) -> dict[str, Any]:
    from pipeline.train.boundary import build

    split_file = _path(cfg["split_file"]) if cfg.get("split_file") else None
    parent = Path(out).parent if out is not None else None
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".ner-build.", dir=parent))
    try:
        meta = build(cfg, tmp, gold=gold or _path(cfg["gold"]), texts=texts or _path(cfg["texts"]),
                     split_file=split_file, log=log)
        if register:
            from pipeline.train.registry import read_meta
            from pipeline.train.registry import register as add_version

            version = add_version(meta["component"], tmp, read_meta(tmp))
            meta["version"] = version
            log(f"registered {meta['component']}@{version} (not active: spoton models promote {meta['component']} {version})")
        if out is not None:
            tmp.chmod(0o755)
            if Path(out).exists():
                shutil.rmtree(out)
            tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train the entity tagger on the dev split.")
    ap.add_argument("--config", required=True, type=Path)
    ap.add_argument("--out", type=Path, help="model folder (default: register a new version in the registry)")
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--texts", type=Path)
    a = ap.parse_args(argv)
    meta = train(a.config, a.out, gold=a.gold, texts=a.texts)
    print(json.dumps({"takeover": meta["takeover"], "version": meta.get("version")}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
