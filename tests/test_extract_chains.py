"""Fallback chains, confidences and windows are data (extraction/chains.yaml): the rules of a chain are tried
in the file's order, a confidence edited there is the confidence the record gets, and a chain that lost a
rule the extractor tries stops ``spoton`` with exit 2 naming the file and the key. Each test edits a copy of
the resources folder (``SPOTON_RESOURCES``), never the real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from conftest import REPO, spoton
from test_extract_case import ME

from pipeline.coding.extract import chains

RESOURCES = REPO / "pipeline" / "resources"
CHAINS = "extraction/chains.yaml"

VERDICT = ME  # the Montenegrin first-instance judgment of test_extract_case


def edited(tmp_path: Path, edit) -> Path:
    root = tmp_path / "resources"
    shutil.copytree(RESOURCES, root)
    data = yaml.safe_load((root / CHAINS).read_text(encoding="utf-8"))
    edit(data)
    (root / CHAINS).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def case_of(tmp_path: Path, root: Path | None = None) -> dict:
    path = tmp_path / "verdict.txt"
    path.write_text(VERDICT, encoding="utf-8")
    proc = spoton("extract", path, "--json", env={"SPOTON_RESOURCES": str(root)} if root else None)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)["case"]


def test_the_shipped_chains_find_the_judge_the_introduction_names(tmp_path: Path) -> None:
    case = case_of(tmp_path)
    assert case["judges"]["value"] == ["Sanja Mirović"]
    assert case["judges"]["source"].startswith("rule:case.judges.single@")
    # the single-judge rule's 0.8, +0.1: the signature block names her as written, +0.05: the tagger agrees
    assert case["judges"]["confidence"] == 0.95


def test_a_chain_is_tried_in_the_order_of_the_file(tmp_path: Path) -> None:
    def entity_first(data: dict) -> None:
        rules = data["chains"]["case.judges"]
        entity = next(r for r in rules if r["id"] == "case.judges.entity")
        data["chains"]["case.judges"] = [entity, *(r for r in rules if r is not entity)]

    case = case_of(tmp_path, edited(tmp_path, entity_first))
    assert case["judges"]["value"] == ["Sanja Mirović"]
    assert case["judges"]["source"].startswith("rule:case.judges.entity@")
    assert case["judges"]["confidence"] == 0.55


def test_a_confidence_edited_in_the_file_is_the_records(tmp_path: Path) -> None:
    def registrar_less_sure(data: dict) -> None:
        data["chains"]["case.registrar"][0]["confidence"] = 0.5
        data["scores"]["case.registrar"]["signed"] = 0.25

    case = case_of(tmp_path, edited(tmp_path, registrar_less_sure))
    assert case["registrar"]["value"] == "Škrelja Milena"
    assert case["registrar"]["confidence"] == 0.75


def test_a_chain_that_lost_a_rule_exits_2_naming_file_and_key(tmp_path: Path) -> None:
    def drop_single(data: dict) -> None:
        data["chains"]["case.judges"] = [r for r in data["chains"]["case.judges"] if r["id"] != "case.judges.single"]

    path = tmp_path / "verdict.txt"
    path.write_text(VERDICT, encoding="utf-8")
    proc = spoton("extract", path, env={"SPOTON_RESOURCES": str(edited(tmp_path, drop_single))})
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert CHAINS in proc.stderr and "chains.case.judges" in proc.stderr and "case.judges.single" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_every_window_and_score_the_extractors_read_is_in_the_file() -> None:
    data = yaml.safe_load((RESOURCES / CHAINS).read_text(encoding="utf-8"))
    for name in data["windows"]:
        assert chains.window(name) > 0
    for chain_name, rules in data["chains"].items():
        assert [r.id for r in chains.chain(chain_name)] == [r["id"] for r in rules]
        assert all(0 < r.confidence <= 1 for r in chains.chain(chain_name))
