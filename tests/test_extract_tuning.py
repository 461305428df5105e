"""The confidences, windows and weights of the field extractors are data (extraction/tuning.yaml, one section
per extractor module): a value edited there is the value the record gets, and a file that lost a value the
code reads, or holds one of the wrong type, stops ``spoton`` with exit 2 naming the file and the key. Each
test edits a copy of the resources folder (``SPOTON_RESOURCES``), never the real files."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPO, spoton
from test_extract_case import ME

RESOURCES = REPO / "pipeline" / "resources"
TUNING = "extraction/tuning.yaml"


def edited(tmp_path: Path, edit) -> Path:
    root = tmp_path / "resources"
    shutil.copytree(RESOURCES, root)
    data = yaml.safe_load((root / TUNING).read_text(encoding="utf-8"))
    edit(data)
    (root / TUNING).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def extract(tmp_path: Path, root: Path | None = None):
    path = tmp_path / "verdict.txt"
    path.write_text(ME, encoding="utf-8")  # one victim, G.S., referred to a civil action
    return spoton("extract", path, "--json", env={"SPOTON_RESOURCES": str(root)} if root else None)


def test_a_confidence_edited_in_the_file_is_the_records(tmp_path: Path) -> None:
    shipped = extract(tmp_path)
    assert shipped.returncode == 0, shipped.stderr[-2000:]
    victim = json.loads(shipped.stdout)["victims"][0]
    assert victim["name"]["confidence"] == 0.85
    assert victim["compensation"]["outcome"]["confidence"] == 0.8
    assert victim["compensation"]["claimed"]["confidence"] == 0.72  # 0.8 x claimed_of_outcome 0.9

    def less_sure(data: dict) -> None:
        data["victims"]["confidence"]["name_after_role_word"] = 0.5
        data["victims"]["confidence"]["outcome_for_named_victim"] = 0.6
        data["victims"]["weights"]["claimed_of_outcome"] = 0.5

    proc = extract(tmp_path, edited(tmp_path, less_sure))
    assert proc.returncode == 0, proc.stderr[-2000:]
    victim = json.loads(proc.stdout)["victims"][0]
    assert victim["name"]["value"] == "G.S." and victim["name"]["confidence"] == 0.5
    assert victim["compensation"]["outcome"]["value"] == "referred_to_civil"
    assert victim["compensation"]["outcome"]["confidence"] == 0.6
    assert victim["compensation"]["claimed"]["confidence"] == 0.3


def test_a_file_that_lost_a_value_exits_2_naming_file_and_key(tmp_path: Path) -> None:
    def drop(data: dict) -> None:
        del data["victims"]["confidence"]["outcome_for_named_victim"]

    proc = extract(tmp_path, edited(tmp_path, drop))
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert TUNING in proc.stderr and "victims.confidence.outcome_for_named_victim" in proc.stderr
    assert "Traceback" not in proc.stderr


def _wrong_type(data: dict) -> None:
    data["victims"]["windows"]["age_after_name"] = "ninety"


def _confidence_above_one(data: dict) -> None:
    data["persons"]["confidence"]["age"] = 8


def _misspelt_kind(data: dict) -> None:
    data["sentences"]["window"] = data["sentences"].pop("windows")


@pytest.mark.parametrize(
    ("break_it", "key"),
    [
        (_wrong_type, "victims.windows.age_after_name"),
        (_confidence_above_one, "persons.confidence.age"),
        (_misspelt_kind, "sentences.window"),
    ],
)
def test_a_wrong_value_exits_2_before_any_document(tmp_path: Path, break_it, key: str) -> None:
    proc = extract(tmp_path, edited(tmp_path, break_it))
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert TUNING in proc.stderr and f"key {key}" in proc.stderr, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr


_KINDS = {"window": "windows", "confidence": "confidence", "weight": "weights", "threshold": "thresholds"}


def _names_the_code_reads() -> set[tuple[str, str, str]]:
    """(section, kind, name) of every ``TUNING.<kind>("name")`` in coding/extract, the section from the
    module's ``TUNING = tuning.Tuning("<section>")``."""
    read: set[tuple[str, str, str]] = set()
    for path in sorted((REPO / "pipeline" / "coding" / "extract").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        section = next(
            (node.value.args[0].value for node in ast.walk(tree)
             if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
             and getattr(node.value.func, "attr", None) == "Tuning"),
            None,
        )
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "TUNING"):
                assert section is not None, path
                names = [c.value for a in node.args for c in ast.walk(a)
                         if isinstance(c, ast.Constant) and isinstance(c.value, str)]
                assert names, f"{path.name}:{node.lineno}: a tuning value named by a literal"
                read |= {(section, _KINDS[node.func.attr], name) for name in names}
    return read


def test_the_shipped_file_holds_every_value_the_code_reads_and_no_other() -> None:
    data = yaml.safe_load((RESOURCES / TUNING).read_text(encoding="utf-8"))
    shipped = {(section, kind, name) for section, kinds in data.items() if isinstance(kinds, dict)
               for kind, values in kinds.items() for name in values}
    read = _names_the_code_reads()
    assert len(read) > 100
    assert sorted(read - shipped) == []  # a value a rule reads that the file lacks: exit 2 in the middle of a run
    assert sorted(shipped - read) == []  # a value nothing reads: tuning it would change nothing
