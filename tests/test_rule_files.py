"""A broken rule file stops ``spoton`` with exit status 2 and a message naming the file (and the key, for a
wrong value), for every rule file the pipeline reads: a lawyer who mistypes a pattern is told where, and no
batch half-fails on it. Each test breaks a copy of the resources folder (``SPOTON_RESOURCES``), never the
real files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, make_text, spoton

from pipeline import datafiles

RESOURCES = REPO / "pipeline" / "resources"
RULE_FILES = datafiles.rule_files()


def _broken_copy(tmp_path: Path, relpath: str, text: str) -> Path:
    root = tmp_path / "resources"
    shutil.copytree(RESOURCES, root)
    (root / relpath).write_text(text, encoding="utf-8")
    return root


def _wrong_type(relpath: str) -> tuple[str, str]:
    """(key, the file with that key's value of the wrong type): the first key its model requires."""
    model = datafiles.schema_for(relpath)
    assert model is not None
    key, info = next((k, f) for k, f in model.model_fields.items() if f.is_required())
    annotation: Any = getattr(info.annotation, "__origin__", info.annotation)
    wrong = '"not a number"' if annotation in (int, float) else "12345"
    data = datafiles.parse_yaml((RESOURCES / relpath).read_text(encoding="utf-8"))
    rest = {k: v for k, v in data.items() if k != key}
    return key, f"{key}: {wrong}\n" + (yaml.safe_dump(rest, allow_unicode=True, sort_keys=False) if rest else "")


def test_every_rule_file_has_a_model() -> None:
    every = sorted(p.relative_to(RESOURCES).as_posix() for p in RESOURCES.rglob("*.yaml"))
    # the review app's, the report's and the fact evaluation's files are theirs to check
    theirs = [f for f in every if f.startswith(("review/", "report/", "evaluation/")) or f == "review_checks.yaml"]
    assert sorted(set(every) - set(theirs)) == RULE_FILES


@pytest.mark.parametrize("relpath", RULE_FILES)
def test_a_syntax_error_exits_2_naming_the_file(tmp_path: Path, relpath: str) -> None:
    root = _broken_copy(tmp_path, relpath, "key: [unclosed\n  - nope: {\n")
    proc = spoton("extract", make_text(tmp_path / "verdict.txt"), env={"SPOTON_RESOURCES": str(root)})
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert relpath in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("relpath", RULE_FILES)
def test_a_value_of_the_wrong_type_exits_2_naming_file_and_key(tmp_path: Path, relpath: str) -> None:
    key, text = _wrong_type(relpath)
    root = _broken_copy(tmp_path, relpath, text)
    proc = spoton("extract", make_text(tmp_path / "verdict.txt"), env={"SPOTON_RESOURCES": str(root)})
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert relpath in proc.stderr and f"key {key}" in proc.stderr, proc.stderr[-2000:]


def test_spoton_run_stops_before_any_document_on_a_broken_rule_file(tmp_path: Path) -> None:
    root = _broken_copy(tmp_path, "ocr.yaml", "tesseract: [\n")
    inputs = tmp_path / "in"
    inputs.mkdir()
    make_text(inputs / "verdict.txt")
    proc = spoton("run", inputs, "--out", tmp_path / "out", "--quiet", env={"SPOTON_RESOURCES": str(root)})
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "ocr.yaml" in proc.stderr
    assert not (tmp_path / "out" / "records.jsonl").exists()


def test_a_key_written_twice_exits_2_naming_file_and_key(tmp_path: Path) -> None:
    """Two branches that each add the same flag merge without a conflict; the second line used to win silently."""
    relpath = "extraction/charges.yaml"
    text = (RESOURCES / relpath).read_text(encoding="utf-8")
    root = _broken_copy(tmp_path, relpath, text + "\nsame_offences: {sr: '', mk: '', sq: ''}\n")
    proc = spoton("extract", make_text(tmp_path / "verdict.txt"), env={"SPOTON_RESOURCES": str(root)})
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert relpath in proc.stderr and "'same_offences' is written twice" in proc.stderr, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
