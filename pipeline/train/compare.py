"""Before/after: the pipeline with the active models against the same pipeline with a candidate version
(`spoton evaluate --gold ... --texts ... --model models/ner-sr/2`), per entity label and per record field.

Why through a temporary registry root and not by loading the candidate by hand: the figures must be those
of what `spoton run` would draft after `spoton models promote`, records included (the field accuracy comes
from the record builder, which finds its models through the registry). The temporary root links every
component of the real one, with the candidate's component pointing at the candidate as its active version.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.train import registry


def _component_and_version(model_dir: Path) -> tuple[str, str]:
    meta_path = Path(model_dir) / registry.META_FILE
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"--model {model_dir}: no readable meta.json ({exc})") from exc
    component = meta.get("component") or Path(model_dir).resolve().parent.name
    version = str(meta.get("version") or Path(model_dir).name)
    return component, version


@contextlib.contextmanager
def candidate_active(model_dir: Path) -> Iterator[str]:
    """Within the block, the registry (``$SPOTON_MODELS``) is a copy of links to the real one in which
    ``model_dir`` is the active version of its component; yields "<component>@<version>"."""
    model_dir = Path(model_dir).resolve()
    component, version = _component_and_version(model_dir)
    real = registry.models_root()
    old = os.environ.get("SPOTON_MODELS")
    with tempfile.TemporaryDirectory(prefix="spoton-candidate-") as tmp:
        root = Path(tmp)
        if real.is_dir():
            for entry in real.iterdir():
                if entry.is_dir() and entry.name != component:
                    (root / entry.name).symlink_to(entry.resolve(), target_is_directory=True)
        (root / component).mkdir()
        (root / component / version).symlink_to(model_dir, target_is_directory=True)
        (root / component / registry.REGISTRY_FILE).write_text(
            registry.Registry(active=version).model_dump_json() + "\n", encoding="utf-8")
        os.environ["SPOTON_MODELS"] = str(root)
        try:
            yield f"{component}@{version}"
        finally:
            if old is None:
                os.environ.pop("SPOTON_MODELS", None)
            else:
                os.environ["SPOTON_MODELS"] = old


def _summary(report: dict[str, Any]) -> dict[str, Any]:
    return {
        "model": report["model"],
        "micro_f1": report["entities"]["micro"]["strict"]["f1"],
        "labels": {lab: m["strict"]["f1"] for lab, m in report["entities"]["labels"].items()},
        "fields": {f: m["accuracy"] for f, m in report["fields"].items()},
    }


def compare(gold: Path, texts: Path, model_dir: Path, *, split: str, split_file: Path | None) -> dict[str, Any]:
    """Entity strict F1 per label and field accuracy, with the active models and with the candidate."""
    from pipeline.evaluate import DEFAULT_SPLIT_FILE, evaluate

    kwargs = {"split": split, "split_file": split_file or DEFAULT_SPLIT_FILE}
    before = _summary(evaluate(gold, texts, **kwargs).as_dict())
    with candidate_active(model_dir) as name:
        after = _summary(evaluate(gold, texts, **kwargs).as_dict())
        after["model"] = after["model"] or name
    return {"split": split, "candidate": str(model_dir), "before": before, "after": after}


def _delta(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return "-"
    return f"{after - before:+.3f}"


def render(result: dict[str, Any], console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    before, after = result["before"], result["after"]
    table = Table(title=f"Strict entity F1, split {result['split']}: active ({before['model'] or 'rules only'}) "
                        f"vs candidate ({after['model']})")
    for col in ("label", "active", "candidate", "change"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for lab, value in before["labels"].items():
        table.add_row(lab, f"{value:.3f}", f"{after['labels'][lab]:.3f}", _delta(value, after["labels"][lab]))
    table.add_row("micro", f"{before['micro_f1']:.3f}", f"{after['micro_f1']:.3f}",
                  _delta(before["micro_f1"], after["micro_f1"]), style="bold")
    console.print(table)
    fields = Table(title="Field accuracy (from the draft records)")
    for col in ("field", "active", "candidate", "change"):
        fields.add_column(col, justify="left" if col == "field" else "right")
    for f, value in before["fields"].items():
        new = after["fields"][f]
        fields.add_row(f, "-" if value is None else f"{value:.3f}", "-" if new is None else f"{new:.3f}",
                       _delta(value, new))
    console.print(fields)
