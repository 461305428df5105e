"""`python -m bench --only train`: wall time of training the default entity model (`spoton train ner` with
pipeline/train/configs/ner-sr.yaml: the nested cross-validation that measures it, the per-label decision and
the final fit on the 45 annotated verdicts), beside one fit of the CRF of ner-sr@1 on the same verdicts.

Target (issue 8): under 15 minutes on the 2-core development machine. The figure is printed, never asserted.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.cases import _row

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "pipeline" / "train" / "configs" / "ner-sr.yaml"
CORPUS = REPO.parent / "shared" / "corpora" / "me-annotated"


def _crf_once(cfg: dict, out: Path) -> float:
    """Seconds for one CRF fit (ner-sr@1's settings) on every annotated verdict: the baseline."""
    from pipeline.labelstudio import analysis_text, load_tasks, task_text
    from pipeline.nlp.entities import rule_entities
    from pipeline.nlp.rules import resolve
    from pipeline.train.ner import TrainDoc, train_model

    t0 = time.perf_counter()
    docs = []
    for task in load_tasks(CORPUS / "labelstudio.json"):
        text = analysis_text(task_text(task, CORPUS / "texts"))
        gold = [(s.label, s.start, s.end) for s in task.spans if s.label in cfg["labels"]]
        docs.append(TrainDoc(task.id, text, gold, resolve(rule_entities(text, "sr", "Latn"))))
    train_model(docs, cfg, out / "baseline.crfsuite")
    return time.perf_counter() - t0


def bench_train(tmp: Path, quick: bool) -> None:
    from pipeline.train.ner import load_config, train

    if not (CORPUS / "labelstudio.json").is_file():
        print("  skipped: ../shared/corpora/me-annotated not present")
        return
    cfg = load_config(CONFIG)
    t0 = time.perf_counter()
    meta = train(CONFIG, tmp / "ner-sr-build", log=lambda m: None)
    ours = time.perf_counter() - t0
    base = _crf_once(cfg, tmp)
    overall = meta.get("metrics", {}).get("overall", {})
    print(f"  {meta.get('training_data', {}).get('documents')} annotated verdicts; model changes "
          f"{', '.join(meta.get('takeover', [])) or 'nothing'}; CV strict F1 {overall.get('f1')}")
    _row("train the default entity model (CV + decision + fit), minutes", ours / 60, base / 60, "min",
         higher_is_better=False)
    print("  baseline: one CRF fit (ner-sr@1 settings) on the same verdicts; target: under 15 minutes")
