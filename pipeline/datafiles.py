"""Reading the data files under pipeline/resources (patterns, lexicons, rules): one loader for all stages.

Behaviour lives in these files so that people can tune it; a broken file is a configuration error (exit 2)
that names the file, never a crash in the middle of a batch.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from pipeline.errors import ConfigError


@cache
def load_yaml(relpath: str, what: str = "rule file") -> dict[str, Any]:
    """``resources/<relpath>`` parsed once per process; must be a mapping at the top level."""
    path = resources.files("pipeline") / "resources" / relpath
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read {what} {relpath}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{what} {relpath} must be a mapping at the top level")
    return data
