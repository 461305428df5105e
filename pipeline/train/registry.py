"""The model registry: every trained model version kept with its figures, and one of them active.

Why a registry and not a model folder that training overwrites: a model trained on a lawyer's week of
corrections can be worse than the one in use (a small or skewed set), and the researcher has to see
that before the pipeline drafts with it. So training only *registers* a new version; ``promote``
makes it the one ``spoton run`` uses, and refuses when it scores worse than the active version on the
same held-out set, overall or on any single label or field, unless forced with a recorded reason.

Layout under the models root (``$SPOTON_MODELS``, else ``models/`` at the repository root)::

    models/<component>/<version>/        model files + meta.json (ModelMeta), never changed once written
    models/<component>/registry.json     {"active": "2" | null, "history": [{at, action, version, by,
                                          reason, forced}]}

Records name a model as ``<component>@<version>`` ("ner-sr@1") in ``record.models`` and field sources
("model:ner-sr@1"). Every write goes through :mod:`pipeline.atomic`; a version folder appears whole
(copied to a temporary folder, then renamed).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.atomic import write_text
from pipeline.errors import ConfigError

REGISTRY_FILE = "registry.json"
META_FILE = "meta.json"
TOLERANCE = 1e-9  # equal figures (same model retrained) are not "worse"


class RegistryError(ConfigError):
    """A registry operation that cannot be done as asked (exit status 2 on the command line)."""


class EvalSet(BaseModel):
    """The held-out set the metrics were measured on; promotion compares only figures on the same set."""

    name: str
    sha256: str


class TrainingData(BaseModel):
    sources: list[str] = Field(default_factory=list)
    sha256: str | None = None
    documents: int | None = None


class Metrics(BaseModel):
    """``overall``: {"f1": ..., "field_accuracy": ...}; ``per_label`` / ``per_field``: name -> a number
    or a dict of figures whose score is "f1" (labels) or "accuracy" (fields)."""

    model_config = ConfigDict(extra="allow")

    overall: dict[str, float] = Field(default_factory=dict)
    per_label: dict[str, Any] = Field(default_factory=dict)
    per_field: dict[str, Any] = Field(default_factory=dict)


class ModelMeta(BaseModel):
    """meta.json of one model version. Unknown keys are kept: a backend's own loader reads them (the
    CRF tagger's "takeover" and "regions")."""

    model_config = ConfigDict(extra="allow")

    component: str
    version: int
    created: str
    backend: Literal["crfsuite", "sklearn", "spacy", "transformers"]
    kind: str = ""
    labels: list[str] = Field(default_factory=list)
    fields: list[str] = Field(default_factory=list)
    metrics: Metrics = Field(default_factory=Metrics)
    eval_set: EvalSet | None = None
    training_data: TrainingData = Field(default_factory=TrainingData)
    codebook_version: str | None = None
    libraries: dict[str, str] = Field(default_factory=dict)
    extra: dict[str, Any] = Field(default_factory=dict)

    @property
    def name(self) -> str:
        """How records name this model: "ner-sr@1"."""
        return f"{self.component}@{self.version}"


class HistoryEntry(BaseModel):
    at: str
    action: Literal["promote", "rollback", "register"]
    version: str | None
    by: str | None = None
    reason: str | None = None
    forced: bool = False


class Registry(BaseModel):
    active: str | None = None
    history: list[HistoryEntry] = Field(default_factory=list)


# --------------------------------------------------------------------------- where and what


def models_root() -> Path:
    """Where trained models live: $SPOTON_MODELS, else models/ at the repository root (the run
    configuration has no models setting)."""
    env = os.environ.get("SPOTON_MODELS")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "models"


def library_versions(names: tuple[str, ...]) -> dict[str, str]:
    """The installed versions of the libraries a model was trained with (meta ``libraries``); a library
    not installed is left out."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _user(by: str | None) -> str | None:
    return by or os.environ.get("USER") or os.environ.get("USERNAME")


def _check_component(component: str) -> None:
    if not component or "/" in component or "\\" in component or component.startswith("."):
        raise RegistryError(f"not a model component name: {component!r}")


def _read_registry(component: str) -> Registry:
    path = models_root() / component / REGISTRY_FILE
    if not path.is_file():
        return Registry()
    try:
        return Registry.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as exc:
        raise ConfigError(f"the model registry {path} cannot be read: {exc}") from exc


def _write_registry(component: str, registry: Registry) -> None:
    write_text(models_root() / component / REGISTRY_FILE, registry.model_dump_json(indent=1) + "\n")


def read_meta(folder: Path) -> ModelMeta:
    path = Path(folder) / META_FILE
    try:
        return ModelMeta.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as exc:
        raise ConfigError(f"the model meta file {path} cannot be read: {exc}") from exc


def write_meta(folder: Path, meta: ModelMeta) -> None:
    write_text(Path(folder) / META_FILE, meta.model_dump_json(indent=1) + "\n")


def _version_numbers(component: str) -> list[int]:
    folder = models_root() / component
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir()
                  if p.is_dir() and p.name.isdigit() and int(p.name) > 0 and (p / META_FILE).is_file())


def components() -> list[str]:
    """Components with at least one registered version."""
    root = models_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and _version_numbers(p.name))


def versions(component: str) -> list[ModelMeta]:
    _check_component(component)
    return [read_meta(models_root() / component / str(v)) for v in _version_numbers(component)]


def get(component: str, version: int | str) -> ModelMeta:
    _check_component(component)
    folder = models_root() / component / str(version)
    if not str(version).isdigit() or not (folder / META_FILE).is_file():
        known = ", ".join(str(v) for v in _version_numbers(component)) or "none"
        raise RegistryError(f"{component} has no version {version} (registered: {known})")
    return read_meta(folder)


def active(component: str) -> ModelMeta | None:
    """The meta of the version ``spoton run`` uses, or None (rules only)."""
    path = active_path(component)
    return read_meta(path) if path is not None and (path / META_FILE).is_file() else None


def active_path(component: str) -> Path | None:
    """Folder of the active version of a component, or None when none is active.

    The only way the pipeline finds a trained model, so promote and rollback change what runs. A
    component folder from before the registry (meta.json directly inside, no versions) still loads.
    """
    _check_component(component)
    folder = models_root() / component
    registry = _read_registry(component)
    if registry.active is not None:
        path = folder / registry.active
        if not (path / META_FILE).is_file():
            raise ConfigError(f"{folder / REGISTRY_FILE} names version {registry.active}, which is not there")
        return path
    if not (folder / REGISTRY_FILE).is_file() and (folder / META_FILE).is_file():
        return folder  # legacy, unversioned layout
    return None


def active_names() -> set[str]:
    """Every active model as records name it ("ner-sr@1")."""
    out: set[str] = set()
    root = models_root()
    if not root.is_dir():
        return out
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            path = active_path(folder.name)
        except ConfigError:
            continue
        if path is None:
            continue
        try:
            data = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        component = data.get("component") or data.get("name") or folder.name
        if "version" in data:
            out.add(f"{component}@{data['version']}")
    return out


# --------------------------------------------------------------------------- writing


def register(component: str, build_dir: Path, meta: ModelMeta | dict[str, Any]) -> int:
    """Copy a freshly trained model folder into the next version folder, with ``meta`` as its meta.json.

    Never activates it (see :func:`promote`). The copy is made in a temporary folder beside the
    versions and renamed into place, so a killed training leaves no half version.
    """
    _check_component(component)
    build_dir = Path(build_dir)
    if not build_dir.is_dir():
        raise RegistryError(f"model folder not found: {build_dir}")
    folder = models_root() / component
    folder.mkdir(parents=True, exist_ok=True)
    data = meta.model_dump() if isinstance(meta, ModelMeta) else dict(meta)
    tmp = Path(tempfile.mkdtemp(prefix=".new-", suffix=".tmp", dir=folder))
    try:
        shutil.copytree(build_dir, tmp, dirs_exist_ok=True)
        while True:
            version = max(_version_numbers(component), default=0) + 1
            data.update(component=component, version=version)
            data.setdefault("created", now())
            try:
                checked = ModelMeta.model_validate(data)
            except ValidationError as exc:
                raise RegistryError(f"invalid model meta for {component}: {exc}") from exc
            write_meta(tmp, checked)
            try:
                os.rename(tmp, folder / str(version))  # fails if another training took this number
                break
            except OSError:
                if not (folder / str(version)).exists():
                    raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    registry = _read_registry(component)
    registry.history.append(HistoryEntry(at=now(), action="register", version=str(version), by=_user(None)))
    _write_registry(component, registry)
    return version


def _score(entry: Any, keys: tuple[str, ...]) -> float | None:
    if isinstance(entry, bool):
        return None
    if isinstance(entry, int | float):
        return float(entry)
    if isinstance(entry, dict):
        for key in keys:
            value = entry.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                return float(value)
    return None


def worse_than(candidate: ModelMeta, current: ModelMeta) -> list[str]:
    """Each figure on which ``candidate`` scores below ``current`` ("overall f1 0.80 < 0.85",
    "field victim.compensation.outcome 0.60 < 0.70"); a label or field the current version was
    measured on and the candidate was not counts as worse."""
    out: list[str] = []
    for key, value in sorted(current.metrics.overall.items()):
        mine = candidate.metrics.overall.get(key)
        if mine is None:
            out.append(f"overall {key}: not measured (active: {value:.4f})")
        elif mine < value - TOLERANCE:
            out.append(f"overall {key} {mine:.4f} < {value:.4f}")
    for kind, theirs, mine_all, keys in (
        ("label", current.metrics.per_label, candidate.metrics.per_label, ("f1",)),
        ("field", current.metrics.per_field, candidate.metrics.per_field, ("accuracy", "field_accuracy", "f1")),
    ):
        for name, entry in sorted(theirs.items()):
            value = _score(entry, keys)
            if value is None:
                continue
            mine = _score(mine_all.get(name), keys)
            if mine is None:
                out.append(f"{kind} {name}: not measured (active: {value:.4f})")
            elif mine < value - TOLERANCE:
                out.append(f"{kind} {name} {mine:.4f} < {value:.4f}")
    return out


def promote(component: str, version: int | str, *, force_reason: str | None = None,
            by: str | None = None) -> ModelMeta:
    """Make ``version`` the active one. Refused (RegistryError naming each worse figure) when it scores
    worse than the active version overall or on any label or field, or when the two were measured on
    different held-out sets; ``force_reason`` overrides either refusal and is recorded."""
    candidate = get(component, version)
    registry = _read_registry(component)
    current = active(component)
    forced = False
    if current is not None and current.version == candidate.version:
        raise RegistryError(f"{candidate.name} is already the active version")
    if current is not None:
        problems: list[str] = []
        if current.eval_set is None or candidate.eval_set is None:
            problems.append("no held-out set recorded for "
                            + " and ".join(m.name for m in (candidate, current) if m.eval_set is None)
                            + ": the figures cannot be compared")
        elif current.eval_set.sha256 != candidate.eval_set.sha256:
            problems.append(f"measured on a different held-out set ({candidate.eval_set.name} "
                            f"{candidate.eval_set.sha256[:12]} vs {current.eval_set.name} "
                            f"{current.eval_set.sha256[:12]}): the figures do not compare")
        else:
            problems += worse_than(candidate, current)
        if problems:
            if not force_reason:
                raise RegistryError(
                    f"not promoting {candidate.name}: it scores worse than the active {current.name} on the "
                    "held-out set:\n  " + "\n  ".join(problems)
                    + "\n(use --force REASON to promote anyway; the reason is recorded)")
            forced = True
    registry.active = str(candidate.version)
    registry.history.append(HistoryEntry(at=now(), action="promote", version=str(candidate.version),
                                         by=_user(by), reason=force_reason, forced=forced))
    _write_registry(component, registry)
    return candidate


def _activation_stack(registry: Registry) -> list[str | None]:
    """Versions made active in turn, a rollback popping the last one."""
    stack: list[str | None] = []
    for entry in registry.history:
        if entry.action == "promote":
            stack.append(entry.version)
        elif entry.action == "rollback" and stack:
            stack.pop()
    return stack


def rollback(component: str, by: str | None = None, *, reason: str | None = None) -> ModelMeta:
    """Back to the version that was active before the current one (undoing the last promotion)."""
    _check_component(component)
    registry = _read_registry(component)
    if registry.active is None:
        raise RegistryError(f"{component} has no active version to roll back")
    stack = _activation_stack(registry)
    if len(stack) < 2 or stack[-2] is None:
        raise RegistryError(f"{component}@{registry.active} is the first version promoted: nothing to roll back to")
    target = get(component, stack[-2])
    registry.active = str(target.version)
    registry.history.append(HistoryEntry(at=now(), action="rollback", version=str(target.version),
                                         by=_user(by), reason=reason))
    _write_registry(component, registry)
    return target


def history(component: str) -> list[HistoryEntry]:
    _check_component(component)
    return list(_read_registry(component).history)


def describe(meta: ModelMeta) -> str:
    """One line of figures: overall first, then the number of labels/fields measured."""
    parts = [f"{k}={v:.4f}" for k, v in sorted(meta.metrics.overall.items())]
    if meta.metrics.per_label:
        parts.append(f"labels={len(meta.metrics.per_label)}")
    if meta.metrics.per_field:
        parts.append(f"fields={len(meta.metrics.per_field)}")
    if meta.eval_set is not None:
        parts.append(f"eval={meta.eval_set.name}:{meta.eval_set.sha256[:12]}")
    return " ".join(parts) or "no metrics"
