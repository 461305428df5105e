"""The model registry: training registers versions, promotion refuses worse models, rollback undoes it,
and records name the version that drafted them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, spoton

from pipeline.train import registry

EVAL = {"name": "dev-cv5", "sha256": "a" * 64}


def meta(f1: float, fields: dict[str, float] | None = None, labels: dict[str, float] | None = None,
         eval_set: dict | None = None) -> dict:
    return {
        "component": "field-x", "version": 0, "created": "2026-12-01T00:00:00Z", "backend": "sklearn",
        "kind": "test", "fields": sorted(fields or {}),
        "metrics": {"overall": {"f1": f1}, "per_field": {k: {"accuracy": v} for k, v in (fields or {}).items()},
                    "per_label": {k: {"f1": v} for k, v in (labels or {}).items()}},
        "eval_set": eval_set or EVAL,
        "training_data": {"sources": ["export:x.jsonl"], "sha256": "b" * 64, "documents": 3},
    }


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SPOTON_MODELS", str(tmp_path / "models"))
    return tmp_path / "models"


def build(tmp_path: Path, name: str, payload: str = "weights") -> Path:
    folder = tmp_path / "build" / name
    folder.mkdir(parents=True)
    (folder / "model.bin").write_text(payload)
    return folder


def test_register_never_activates_and_numbers_versions(root, tmp_path):
    v1 = registry.register("field-x", build(tmp_path, "a"), meta(0.7))
    v2 = registry.register("field-x", build(tmp_path, "b", "other"), meta(0.8))
    assert (v1, v2) == (1, 2)
    assert registry.active("field-x") is None and registry.active_path("field-x") is None
    assert [m.version for m in registry.versions("field-x")] == [1, 2]
    assert (root / "field-x" / "2" / "model.bin").read_text() == "other"
    assert registry.components() == ["field-x"]
    assert not list((root / "field-x").glob(".*"))  # no temporaries left


def test_promote_refuses_a_model_worse_on_one_field_though_better_overall(root, tmp_path):
    registry.register("field-x", build(tmp_path, "a"), meta(0.70, {"victim.compensation.outcome": 0.80,
                                                                   "case.court": 0.9}))
    registry.register("field-x", build(tmp_path, "b"), meta(0.75, {"victim.compensation.outcome": 0.60,
                                                                   "case.court": 0.95}))
    registry.promote("field-x", 1, by="ana")
    with pytest.raises(registry.RegistryError) as refused:
        registry.promote("field-x", 2)
    message = str(refused.value)
    assert "victim.compensation.outcome 0.6000 < 0.8000" in message and "case.court" not in message
    assert registry.active("field-x").version == 1


def test_promote_refuses_worse_overall_and_a_label_the_candidate_lacks(root, tmp_path):
    registry.register("field-x", build(tmp_path, "a"), meta(0.80, labels={"JUDGE": 0.9, "COURT": 0.9}))
    registry.register("field-x", build(tmp_path, "b"), meta(0.79, labels={"JUDGE": 0.95}))
    registry.promote("field-x", 1)
    with pytest.raises(registry.RegistryError) as refused:
        registry.promote("field-x", 2)
    assert "overall f1 0.7900 < 0.8000" in str(refused.value)
    assert "label COURT: not measured" in str(refused.value)


def test_promote_refuses_figures_from_another_held_out_set(root, tmp_path):
    registry.register("field-x", build(tmp_path, "a"), meta(0.5))
    registry.register("field-x", build(tmp_path, "b"), meta(0.9, eval_set={"name": "other", "sha256": "c" * 64}))
    registry.promote("field-x", 1)
    with pytest.raises(registry.RegistryError, match="different held-out set"):
        registry.promote("field-x", 2)


def test_forced_promotion_records_the_reason_and_rollback_goes_back(root, tmp_path):
    for f1 in (0.8, 0.6, 0.9):
        registry.register("field-x", build(tmp_path, str(f1)), meta(f1))
    registry.promote("field-x", 1, by="ana")
    registry.promote("field-x", 2, force_reason="v1 trained on mislabelled data", by="boris")
    data = json.loads((root / "field-x" / "registry.json").read_text())
    assert data["active"] == "2"
    last = data["history"][-1]
    assert last["action"] == "promote" and last["forced"] is True and last["by"] == "boris"
    assert last["reason"] == "v1 trained on mislabelled data"
    assert data["history"][-2]["forced"] is False  # nothing to compare with: the first promotion is free
    registry.promote("field-x", 3)  # better than v2: no force needed
    assert registry.active_path("field-x") == root / "field-x" / "3"
    assert registry.rollback("field-x", by="ana").version == 2
    assert registry.rollback("field-x").version == 1
    with pytest.raises(registry.RegistryError, match="nothing to roll back to"):
        registry.rollback("field-x")
    assert [h.action for h in registry.history("field-x")][-2:] == ["rollback", "rollback"]


def test_models_commands(root, tmp_path):
    env = {"SPOTON_MODELS": str(root)}
    registry.register("field-x", build(tmp_path, "a"), meta(0.8, {"victim.compensation.outcome": 0.8}))
    registry.register("field-x", build(tmp_path, "b"), meta(0.7, {"victim.compensation.outcome": 0.5}))
    assert spoton("models", "promote", "field-x", "1", "--by", "ana", env=env).returncode == 0
    listed = spoton("models", "list", env=env)
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("* field-x@1") and "f1=0.8000" in lines[0]
    assert lines[1].startswith("  field-x@2") and "f1=0.7000" in lines[1]
    refused = spoton("models", "promote", "field-x", "2", env=env)
    assert refused.returncode == 2 and "victim.compensation.outcome 0.5000 < 0.8000" in refused.stderr
    forced = spoton("models", "promote", "field-x", "2", "--force", "new codebook values", env=env)
    assert forced.returncode == 0
    shown = json.loads(spoton("models", "show", "field-x", env=env).stdout)
    assert shown["version"] == 2 and shown["training_data"]["sha256"] == "b" * 64
    assert spoton("models", "rollback", "field-x", env=env).returncode == 0
    assert json.loads(spoton("models", "show", "field-x", env=env).stdout)["version"] == 1
    assert spoton("models", "list", env={"SPOTON_MODELS": str(tmp_path / "empty")}).returncode == 0


def test_shipped_entity_model_is_version_1_and_active():
    """Version 1 (the CRF from before the registry) is kept; the active version (the span corrector,
    ner-sr@2, since issue 8) has its figures and the set they were measured on."""
    shipped = REPO / "models" / "ner-sr"
    data = json.loads((shipped / "registry.json").read_text())
    assert data["active"] is not None
    first = registry.ModelMeta.model_validate_json((shipped / "1" / "meta.json").read_text())
    assert first.component == "ner-sr" and first.backend == "crfsuite"
    current = registry.ModelMeta.model_validate_json((shipped / data["active"] / "meta.json").read_text())
    assert current.component == "ner-sr" and current.backend in ("crfsuite", "sklearn")
    assert current.eval_set is not None and current.metrics.overall


def test_records_name_the_active_version_and_follow_promote_and_rollback(root):
    """A copy of the shipped tagger that takes over COURT: the record's entities and ``models`` name the
    version active at the time, and the batch's "unchanged" check sees the change."""
    from test_entities import SR_LATN

    from pipeline.batch.runner import current_models
    from pipeline.coding import build_record
    from pipeline.evaluate import make_document

    shipped = registry.ModelMeta.model_validate_json(
        (REPO / "models" / "ner-sr" / "1" / "meta.json").read_text()).model_dump()
    source = REPO / "models" / "ner-sr" / "1"
    for _ in range(2):
        taking_over = dict(shipped, takeover=["COURT"], name="ner-sr")
        taking_over["metrics"] = shipped["metrics"]
        registry.register("ner-sr", source, taking_over)
    assert registry.promote("ner-sr", 1).name == "ner-sr@1"
    for v in (1, 2):  # the tagger names itself from its meta
        data = json.loads((root / "ner-sr" / str(v) / "meta.json").read_text())
        assert data["version"] == v
    record = build_record(make_document(SR_LATN, "t.txt"))
    assert record.models == {"ner": "ner-sr@1"}
    assert any(e.source == "model:ner-sr@1" for e in record.entities if e.label == "COURT")
    assert current_models() == {"ner-sr@1"}
    registry.promote("ner-sr", 2)
    assert build_record(make_document(SR_LATN, "t.txt")).models == {"ner": "ner-sr@2"}
    registry.rollback("ner-sr")
    assert build_record(make_document(SR_LATN, "t.txt")).models == {"ner": "ner-sr@1"}
    shutil.rmtree(root / "ner-sr" / "1")
    with pytest.raises(registry.ConfigError, match="not there"):
        registry.active_path("ner-sr")
