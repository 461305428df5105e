"""The resource files as the pipeline reads them: every one parses, and libyaml's fast parser gives
exactly what PyYAML's pure-Python safe loader gives (a difference would change behaviour silently)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.datafiles import parse_yaml
from pipeline.ingest.versions import tesseract_version

RESOURCES = Path(__file__).resolve().parents[1] / "pipeline" / "resources"
FILES = sorted(RESOURCES.rglob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(RESOURCES)) for p in FILES])
def test_fast_parser_reads_every_resource_file_like_the_safe_loader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert parse_yaml(text) == yaml.safe_load(text)


def test_broken_yaml_raises_the_same_error_kind() -> None:
    with pytest.raises(yaml.YAMLError):
        parse_yaml("key: [unclosed")


def test_tesseract_version_is_recorded_as_a_version_number() -> None:
    version = tesseract_version()
    assert version[0].isdigit() and version.count(".") >= 1, version
