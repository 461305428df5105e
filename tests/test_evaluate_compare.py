"""`spoton evaluate --model DIR`: the figures with the active models beside those with a candidate version in
its place (what `spoton run` would draft after promoting it), without touching the registry."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import spoton
from test_learning_curve import _labelstudio, docs

from pipeline.nlp.entities import rule_entities
from pipeline.nlp.rules import resolve
from pipeline.train.ner import TrainDoc, load_config, train_model

CRF_CONFIG = Path(__file__).resolve().parents[1] / "pipeline" / "train" / "configs" / "ner-sr.yaml"
LABELS = ["COURT", "JUDGE", "CASE_NUMBER", "DEFENDANT"]


def test_candidate_figures_beside_the_active_ones(tmp_path: Path) -> None:
    documents = docs(0, 6)
    gold, texts = _labelstudio(tmp_path, documents)
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"dev": [{"id": i} for i in range(1, 7)], "heldout": []}), encoding="utf-8")
    # the candidate: a CRF trained on these very documents, taking every label over from the rules
    candidate = tmp_path / "candidates" / "ner-sr" / "7"
    candidate.mkdir(parents=True)
    cfg = load_config(CRF_CONFIG)
    cfg["labels"] = LABELS
    train_model([TrainDoc(i, d.text, d.spans, resolve(rule_entities(d.text, "sr", "Latn")))
                 for i, d in enumerate(documents)], cfg, candidate / "model.crfsuite")
    (candidate / "meta.json").write_text(json.dumps({
        "component": "ner-sr", "name": "ner-sr", "version": 7, "created": "2026-12-02T00:00:00Z",
        "backend": "crfsuite", "labels": LABELS, "takeover": LABELS}), encoding="utf-8")
    models = tmp_path / "models"  # the registry in use: no entity model (rules only)
    models.mkdir()
    proc = spoton("evaluate", "--gold", gold, "--texts", texts, "--split", "dev", "--split-file", split,
                  "--model", candidate, "--json", env={"SPOTON_MODELS": str(models)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    before, after = result["before"], result["after"]
    assert before["model"] is None and after["model"] == "ner-sr@7"
    assert after["micro_f1"] == 1.0 > before["micro_f1"]  # it has learnt the documents it is measured on
    assert set(after["fields"]) == set(before["fields"]) >= {"court", "judge", "case_number"}
    assert list(models.iterdir()) == []  # nothing was promoted or written
    table = spoton("evaluate", "--gold", gold, "--texts", texts, "--split", "dev", "--split-file", split,
                   "--model", candidate, env={"SPOTON_MODELS": str(models), "COLUMNS": "150"})
    assert table.returncode == 0, table.stderr[-2000:]
    assert "candidate (ner-sr@7)" in table.stdout and "+" in table.stdout
