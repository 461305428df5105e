"""The records and accuracy figures of the pipeline as it is, for refactors that must not change them.

    .venv/bin/python tests/snapshots/make_snapshot.py            # writes tests/snapshots/records.json
    .venv/bin/python tests/snapshots/make_snapshot.py --check    # compares, prints what differs

Every document of data/raw and of ../shared/corpora/me-verdicts goes through ``spoton run`` as a user runs
it; each record is reduced to the sha256 of its canonical JSON (sorted keys, the source path as a file name,
since the folder differs between machines). The me-verdicts are stored as hashes only (their text never enters
the repository); the fictitious data/raw records are kept whole as well (raw_records.json), so that a change
can be read. ``spoton evaluate`` on the dev and held-out splits of me-annotated is stored without its timing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
RAW = REPO / "data" / "raw"
ME_VERDICTS = SHARED / "corpora" / "me-verdicts"
ME_ANNOTATED = SHARED / "corpora" / "me-annotated"
SNAPSHOT = Path(__file__).resolve().parent / "records.json"
RAW_RECORDS = Path(__file__).resolve().parent / "raw_records.json"
SPLITS = ("dev", "heldout")


def _spoton(*args: str | Path, timeout: float = 1200) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "true"}
    env.pop("SPOTON_DEBUG", None)
    proc = subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=REPO)
    if proc.returncode != 0:
        raise RuntimeError(f"spoton {args[0]} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return proc


def canonical(record: dict[str, Any]) -> dict[str, Any]:
    """The record without what depends on where or how it ran: the folder of the input; the language
    confidence (lingua's figure wobbles in the third decimal between runs of the same code: kept apart by
    :func:`language_confidence` and compared with a tolerance); ``warnings`` (pipeline.coding.checks, the
    lead's module, changing on its own schedule: not part of what the coding refactor must keep)."""
    out = json.loads(json.dumps(record))
    out["source"]["path"] = Path(out["source"]["path"]).name
    out.pop("warnings", None)
    language = out.get("case", {}).get("language")
    if isinstance(language, dict):
        language["confidence"] = None
    return out


def language_confidence(record: dict[str, Any]) -> float | None:
    language = record.get("case", {}).get("language")
    return language.get("confidence") if isinstance(language, dict) else None


def digest(record: dict[str, Any]) -> str:
    text = json.dumps(canonical(record), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_records(folder: Path, out: Path) -> dict[str, dict[str, Any]]:
    """File name -> record of every input under ``folder``, through ``spoton run``."""
    _spoton("run", folder, "--out", out, "--quiet")
    errors = (out / "errors.jsonl").read_text(encoding="utf-8").strip()
    if errors:
        raise RuntimeError(f"documents failed under {folder.name}: {len(errors.splitlines())}")
    records = {}
    for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            records[Path(rec["source"]["path"]).name] = rec
    return records


def evaluate(split: str) -> dict[str, Any]:
    proc = _spoton("evaluate", "--gold", ME_ANNOTATED / "labelstudio.json", "--texts", ME_ANNOTATED / "texts",
                   "--split", split, "--json", timeout=600)
    report = json.loads(proc.stdout)
    report.pop("seconds", None)
    return report


def current(tmp: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(snapshot, the full data/raw records) of the code as it is now."""
    raw = run_records(RAW, tmp / "raw")
    me = run_records(ME_VERDICTS, tmp / "me")
    snap = {
        "raw": {name: digest(r) for name, r in sorted(raw.items())},
        "me-verdicts": {name: digest(r) for name, r in sorted(me.items())},
        "language_confidence": {f"{part}/{name}": language_confidence(r)
                                for part, records in (("raw", raw), ("me-verdicts", me))
                                for name, r in sorted(records.items())},
        "evaluate": {split: evaluate(split) for split in SPLITS},
    }
    return snap, {name: canonical(r) for name, r in sorted(raw.items())}


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    out = []
    for part in ("raw", "me-verdicts"):
        for name in sorted(set(old[part]) | set(new[part])):
            if old[part].get(name) != new[part].get(name):
                out.append(f"{part}/{name}")
    for key in sorted(set(old["language_confidence"]) | set(new["language_confidence"])):
        a, b = old["language_confidence"].get(key), new["language_confidence"].get(key)
        if (a is None) != (b is None) or (a is not None and abs(a - b) > 0.0015):
            out.append(f"language_confidence/{key}")
    for split in SPLITS:
        if old["evaluate"][split] != new["evaluate"][split]:
            out.append(f"evaluate/{split}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the stored snapshot instead of writing it")
    args = ap.parse_args(argv)
    if not ME_VERDICTS.is_dir() or not ME_ANNOTATED.is_dir():
        print("../shared/corpora (me-verdicts, me-annotated) is needed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="spoton-snapshot-") as tmp:
        snap, raw = current(Path(tmp))
    if args.check:
        diff = differences(json.loads(SNAPSHOT.read_text(encoding="utf-8")), snap)
        print("\n".join(diff) or "identical")
        return 1 if diff else 0
    SNAPSHOT.write_text(json.dumps(snap, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    RAW_RECORDS.write_text(json.dumps(raw, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(snap['raw'])} data/raw and {len(snap['me-verdicts'])} me-verdicts records, evaluate "
          f"{', '.join(SPLITS)} -> {SNAPSHOT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
