"""The compensation-outcome field model: trained from the development sets' dev parts, registered with its
figures beside the rules', loaded without pickle, and applied only where the rules have no value or a less
sure one. Verdict texts are fictitious (tests/test_train_end_to_end.py's template)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_train_end_to_end import CIVIL, GRANTED, verdict

from pipeline.coding import build_record, field_models
from pipeline.evaluate import make_document
from pipeline.train import fields, registry

COMPONENT = "field-compensation-outcome"
PEOPLE = ("Milena Radović", "Dragana Šćekić", "R. K.", "A. B.")


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("models")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPOTON_MODELS", str(root))
        meta = fields.train()
    return root, meta


def draft(text: str):
    return build_record(make_document(text, "v.txt", "cnr", "Latn"))


def test_training_registers_a_version_with_figures_beside_the_rules(trained):
    root, meta = trained
    assert meta.name == f"{COMPONENT}@1" and meta.backend == "sklearn"
    assert json.loads((root / COMPONENT / "registry.json").read_text())["active"] is None  # registered only
    figures = meta.metrics.per_field["victim.compensation.outcome"]
    assert figures["victims"] > 0 and {"accuracy", "rules", "model_alone"} <= set(figures)
    assert meta.metrics.overall["field_accuracy"] == figures["accuracy"]
    assert set(meta.labels) <= {"granted", "partly_granted", "referred_to_civil", "rejected", "not_decided",
                                "not_claimed"}
    assert "seed=20261202" in meta.eval_set.name and len(meta.eval_set.sha256) == 64
    assert meta.training_data.documents > 20 and len(meta.training_data.sha256) == 64
    assert all(s.startswith("devset:") for s in meta.training_data.sources)
    assert meta.codebook_version and "scikit-learn" in meta.libraries
    with np.load(root / COMPONENT / "1" / "model.npz", allow_pickle=False) as arrays:
        assert arrays["coef"].shape == (len(meta.labels), arrays["columns"].shape[0])


def test_rules_alone_while_no_field_model_is_active(trained, monkeypatch):
    root, _ = trained
    monkeypatch.setenv("SPOTON_MODELS", str(root))
    record = draft(verdict(301, "BARU", "Baru", PEOPLE, CIVIL))
    assert record.models == {} and record.victims[0]["compensation"]["outcome"].value is None


def test_an_active_model_leaves_confident_rules_and_silent_verdicts_alone(trained, tmp_path, monkeypatch):
    root, meta = trained
    copy = tmp_path / "models"
    registry_root = root / COMPONENT
    monkeypatch.setenv("SPOTON_MODELS", str(copy))
    registry.register(COMPONENT, registry_root / "1", meta.model_dump())
    registry.promote(COMPONENT, 1)
    granted = draft(verdict(302, "KOTORU", "Kotoru", PEOPLE, GRANTED))
    value = granted.victims[0]["compensation"]["outcome"]
    assert value.value == "granted" and value.source.startswith("rule:")
    assert granted.models["victim.compensation.outcome"] == f"{COMPONENT}@1"  # drafted with it active
    silent = draft(verdict(303, "BARU", "Baru", PEOPLE, ""))  # nothing said about compensation
    assert silent.victims[0]["compensation"]["outcome"].value is None
    with field_models.disabled():
        assert draft(verdict(304, "BARU", "Baru", PEOPLE, GRANTED)).models == {}


def test_victim_names_are_found_as_verdicts_write_them():
    pattern = field_models.name_pattern("S.T.")
    assert pattern.search("oštećenoj S. T. isplati") and pattern.search("oštećene S.T.,")
    assert not pattern.search("oštećene S.M.")
    full = field_models.name_pattern("Marija Petrović")
    assert full.search("oštećenoj Mariji Petrović") and full.search("oštećene Petrović Marije")
