"""requirements.lock is what every install uses (Makefile, CI): it must agree with pyproject.toml, and the
environment the tests run in must be exactly the lock.

A fresh machine once resolved ``pypdfium2>=4.30`` to a major version whose API the code did not use, and a
quarter of real verdicts failed while the tests stayed green on an older environment. These tests fail when
someone edits pyproject.toml without refreshing the lock (``make lock``), or runs the tests in an
environment that is not the lock's.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _lock() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        m = PIN.match(line)
        if m:
            pins[canonicalize_name(m.group(1))] = m.group(2)
    return pins


def _project_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in project.get("optional-dependencies", {}).values():
        reqs += [Requirement(r) for r in extra]
    return reqs


def _applies(req: Requirement, extras: set[str]) -> bool:
    if req.marker is None:
        return True
    env = default_environment()
    return any(req.marker.evaluate({**env, "extra": e}) for e in (extras or {""}))


def test_every_line_of_the_lock_pins_one_version_with_hashes() -> None:
    text = LOCK.read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1])
    pinned = [e for e in entries if PIN.match(e)]
    assert len(pinned) == len(_lock()) > 50
    for entry in pinned:
        assert "--hash=sha256:" in entry, f"no hash for {entry.split()[0]}"


def test_every_pyproject_requirement_is_locked_within_its_range() -> None:
    pins = _lock()
    for req in _project_requirements():
        if not _applies(req, set()):
            continue
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is in pyproject.toml but not in requirements.lock: run `make lock`"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock has {req.name}=={pins[name]}, outside pyproject's {req.specifier}: run `make lock`")


def test_the_lock_holds_exactly_what_pyproject_needs() -> None:
    """Closure of pyproject's requirements over the installed packages' metadata == the lock's names."""
    pins = _lock()
    needed: set[str] = set()
    todo = [(r, set(r.extras)) for r in _project_requirements() if _applies(r, set())]
    while todo:
        req, extras = todo.pop()
        name = canonicalize_name(req.name)
        key = name + "[" + ",".join(sorted(extras)) + "]"
        if key in needed:
            continue
        needed.add(key)
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            pytest.fail(f"{req.name} is required but not installed: run `make test` (it installs the lock)")
        for sub in dist.requires or []:
            sub_req = Requirement(sub)
            if _applies(sub_req, extras):
                todo.append((sub_req, set(sub_req.extras)))
    names = {k.split("[")[0] for k in needed}
    assert names - set(pins) == set(), "needed but not locked: run `make lock`"
    assert set(pins) - names == set(), "locked but needed by nothing in pyproject.toml: run `make lock`"


def test_the_tests_run_on_the_locked_versions() -> None:
    wrong = {}
    for name, version in _lock().items():
        try:
            installed = distribution(name).version
        except PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = (version, installed)
    assert not wrong, f"installed versions differ from requirements.lock (locked, installed): {wrong}"


def test_torch_is_pinned_exactly_to_the_cpu_build_and_no_cuda_package_is_locked() -> None:
    """A torch range that admits a newer release makes pip take the index's CUDA build: several GB of
    nvidia-* packages on machines that have no GPU (README, "Locked dependencies")."""
    torch = [r for r in _project_requirements() if canonicalize_name(r.name) == "torch"]
    assert len(torch) == 1 and [s.operator for s in torch[0].specifier] == ["=="], "pin torch with == in pyproject.toml"
    pins = _lock()
    assert pins["torch"].endswith("+cpu"), f"requirements.lock has torch {pins['torch']}, not the CPU build"
    cuda = sorted(n for n in pins if n.startswith(("nvidia-", "triton", "cuda-")))
    assert not cuda, f"CUDA packages in requirements.lock: {cuda}"
