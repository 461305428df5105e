"""A promoted transformers version is what `spoton run` tags with: records name it, and the labels it
takes over carry its spans ("model:ner-sr@1")."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import read_jsonl, spoton
from test_train_transformer import sentence, tiny_checkpoint

from pipeline.train import registry
from pipeline.train.transformer import Doc, train


def test_a_promoted_transformer_tags_the_batch(tmp_path: Path, monkeypatch) -> None:
    import torch

    torch.set_num_threads(1)
    docs = []
    for i in range(6):
        (t1, s1), (t2, s2) = sentence(i), sentence(i + 3)
        docs.append(Doc(str(i), t1 + t2, s1 + [(lab, a + len(t1), b + len(t1)) for lab, a, b in s2]))
    base = tiny_checkpoint(tmp_path / "base", [d.text for d in docs])
    config = tmp_path / "config.yaml"
    config.write_text("component: ner-sr\nlabels: [COURT, JUDGE, CASE_NUMBER, DEFENDANT]\nepochs: 60\n"
                      "learning_rate: 3.0e-3\nwarmup: 0.05\nbatch_size: 4\nmax_length: 32\nseed: 7\n"
                      "validation_share: 0\nmargin: -1\n", encoding="utf-8")  # margin -1: takes every label over
    models = tmp_path / "models"
    monkeypatch.setenv("SPOTON_MODELS", str(models))
    meta = train(base, config=config, train_docs=docs, eval_docs=docs[:3], log=lambda _: None)
    assert meta["takeover"] == ["CASE_NUMBER", "COURT", "DEFENDANT", "JUDGE"]
    registry.promote("ner-sr", meta["version"])
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "opening.txt").write_text(docs[0].text, encoding="utf-8")
    out = tmp_path / "out"
    proc = spoton("run", raw, "--out", out, "--quiet", env={"SPOTON_MODELS": str(models)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    record = read_jsonl(out / "records.jsonl")[0]
    assert "ner-sr@1" in json.dumps(record["models"])
    entities = {(e["label"], e["text"]): e.get("source") for e in record["entities"]}
    for lab, a, b in docs[0].spans:
        assert entities.get((lab, docs[0].text[a:b])) == "model:ner-sr@1", (lab, docs[0].text[a:b], entities)
