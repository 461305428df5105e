"""The learning curve of `spoton evaluate --learning-curve OUT.png`: nested training subsets, the same
held-out documents, a PNG and its figures. Runs the CRF on the test's own fictitious verdict openings."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import requires, spoton
from test_train_transformer import sentence

from pipeline.train import curve
from pipeline.train.ner import load_config
from pipeline.train.transformer import Doc

CRF_CONFIG = Path(__file__).resolve().parents[1] / "pipeline" / "train" / "configs" / "ner-sr.yaml"
LABELS = ["COURT", "JUDGE", "CASE_NUMBER", "DEFENDANT"]


def docs(first: int, n: int) -> list[Doc]:
    out = []
    for i in range(first, first + n):
        text, spans = sentence(i)
        out.append(Doc(f"d{i:02d}", text * 2, spans + [(lab, a + len(text), b + len(text)) for lab, a, b in spans]))
    return out


def test_subsets_grow_and_are_nested_and_each_is_measured_on_the_same_documents() -> None:
    seen: list[list[str]] = []

    def fit(subset):
        seen.append([d.id for d in subset])
        return lambda text: []

    result = curve.learning_curve(docs(0, 10), docs(20, 3), fit, LABELS, steps=4, log=lambda _: None)
    assert [p["documents"] for p in result["points"]] == [2, 5, 8, 10] == [len(s) for s in seen]
    for smaller, larger in zip(seen, seen[1:], strict=False):
        assert larger[: len(smaller)] == smaller
    assert sorted(seen[-1]) == [f"d{i:02d}" for i in range(10)]
    assert all(p["micro"] == 0.0 for p in result["points"])  # a model that finds nothing scores 0
    assert result["eval_documents"] == 3 and result["support"]["COURT"] == 6
    again = curve.learning_curve(docs(0, 10), docs(20, 3), fit, LABELS, steps=4, log=lambda _: None)
    assert seen[:4] == seen[4:]  # fixed seed: the same subsets every time
    assert again["points"] == [{**p, "seconds": q["seconds"]} for p, q in zip(result["points"], again["points"],
                                                                                strict=True)]


def test_the_crf_learns_with_more_documents_and_the_png_and_json_are_written(tmp_path: Path) -> None:
    cfg = load_config(CRF_CONFIG)
    cfg["labels"] = LABELS
    result = curve.learning_curve(docs(0, 6), docs(10, 3), curve.crf_fit(cfg), LABELS, steps=3,
                                  log=lambda _: None)
    assert result["points"][-1]["micro"] > 0.5
    out = tmp_path / "curve.png"
    figures = curve.write(result, out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert json.loads(figures.read_text(encoding="utf-8")) == result


def _labelstudio(folder: Path, documents: list[Doc]) -> tuple[Path, Path]:
    texts = folder / "texts"
    texts.mkdir()
    tasks = []
    for n, d in enumerate(documents, start=1):
        (texts / f"{d.id}.txt").write_text(d.text, encoding="utf-8")
        result = [{"type": "labels", "id": f"{n}-{k}", "value": {"start": a, "end": b, "labels": [lab]}}
                  for k, (lab, a, b) in enumerate(d.spans)]
        tasks.append({"id": n, "data": {"text": f"{d.id}.txt"}, "annotations": [{"result": result}]})
    gold = folder / "gold.json"
    gold.write_text(json.dumps(tasks), encoding="utf-8")
    return gold, texts


def test_evaluate_learning_curve_command(tmp_path: Path) -> None:
    documents = docs(0, 6) + docs(10, 2)
    gold, texts = _labelstudio(tmp_path, documents)
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"dev": [{"id": i} for i in range(1, 7)], "heldout": [{"id": 7}, {"id": 8}]}),
                     encoding="utf-8")
    out = tmp_path / "plots" / "curve.png"
    proc = spoton("evaluate", "--gold", gold, "--texts", texts, "--split-file", split, "--learning-curve", out,
                  "--curve-steps", "2")
    assert proc.returncode == 0, proc.stderr[-2000:]
    figures = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert [p["documents"] for p in figures["points"]] == [3, 6]
    assert figures["eval_documents"] == 2 and figures["train_documents"] == 6
    assert out.stat().st_size > 10_000
    bad = spoton("evaluate", "--gold", gold, "--texts", texts, "--learning-curve", tmp_path / "curve.pdf")
    assert bad.returncode == 2 and ".png" in bad.stderr


def test_the_curve_of_a_fine_tuned_transformer(tmp_path: Path) -> None:
    """--base-model: each subset fine-tunes the checkpoint afresh (a tiny random BERT made here)."""
    import torch
    from test_train_transformer import tiny_checkpoint

    torch.set_num_threads(1)
    training = docs(0, 4)
    base = tiny_checkpoint(tmp_path / "base", [d.text for d in training])
    config = tmp_path / "config.yaml"
    config.write_text("labels: [COURT, JUDGE, CASE_NUMBER, DEFENDANT]\nepochs: 40\nlearning_rate: 3.0e-3\n"
                      "batch_size: 4\nmax_length: 64\nseed: 7\n", encoding="utf-8")
    result = curve.learning_curve(training, training[-2:], curve.transformer_fit(base, config), LABELS, steps=2,
                                  model="tiny BERT", log=lambda _: None)
    assert [p["documents"] for p in result["points"]] == [2, 4]
    assert result["points"][-1]["micro"] >= 0.8  # the full set holds the two measured documents


@requires("pipeline.train.boundary", "pipeline.nlp.boundary")
def test_the_curve_of_the_span_corrector_over_the_rules() -> None:
    """--curve-model corrector: the default entity model, its decision and weights made on each subset."""
    cfg = load_config(CRF_CONFIG)
    cfg["labels"] = LABELS
    result = curve.learning_curve(docs(0, 8), docs(10, 3), curve.corrector_fit(cfg), LABELS, steps=2,
                                  log=lambda _: None)
    assert [p["documents"] for p in result["points"]] == [4, 8]
    # rules + corrector: never far below the rules alone, whatever it learnt from these few documents
    assert all(p["micro"] >= result["rules"]["micro"] - 0.1 for p in result["points"])
