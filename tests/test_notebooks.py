"""The analysis notebooks run on a real batch output (the digital sample verdicts, no OCR)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, spoton

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for path in (REPO / "data" / "raw").iterdir():
        if path.suffix in (".docx", ".txt", ".html"):
            shutil.copy(path, raw / path.name)
    out = tmp_path_factory.mktemp("out")
    proc = spoton("run", raw, "--out", out, "--quiet")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_on_a_batch(notebook: Path, batch: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SPOTON_BATCH", str(batch))
    monkeypatch.chdir(notebook.parent)
    cells = [c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    assert cells
    scope: dict = {}
    for cell in cells:
        exec(compile("".join(cell["source"]), f"{notebook.name} cell", "exec"), scope)  # noqa: S102
    assert "verdicts" in capsys.readouterr().out
