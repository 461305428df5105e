"""bench `report`: `spoton report --drafts` over 1,000 verdicts (the records of the 789 real me-verdicts and
repeats of them, each repeat its own document), in .docx, .html and .pdf, end to end as a user runs it
(a new process: imports, reading, counting, charts, writing). Baseline, in the same run: bare pandas reading
the same records.jsonl and counting the report's contract figures with groupby. Target: under 30 s each."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench.cases import ME_VERDICTS, _row

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "raw"
TARGET_S = 30.0


def _records(tmp: Path) -> list[str]:
    """records.jsonl lines of a batch of the real verdicts (the sample verdicts where the corpus is absent)."""
    source = ME_VERDICTS if ME_VERDICTS.is_dir() else SAMPLES
    out = tmp / "report-batch"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(source), "--out", str(out), "--quiet"],
                          capture_output=True, text=True, timeout=1800)
    if proc.returncode not in (0, 3):
        raise RuntimeError(f"spoton run failed: {proc.stderr[-500:]}")
    print(f"  records from {source.name}: batch made in a temporary folder")
    return [line for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def _inflate(lines: list[str], n: int) -> list[str]:
    """n records: the batch's, then repeats with their own document ids (a bigger country's caseload)."""
    out = []
    for i in range(n):
        record = json.loads(lines[i % len(lines)])
        if i >= len(lines):
            record["document_id"] = f"{record['document_id'][:12]}{i:04x}"
        out.append(json.dumps(record, ensure_ascii=False))
    return out


def _pandas_baseline(path: Path) -> float:
    """Bare pandas: read the records, flatten defendants and victims, count the contract's figures."""
    import pandas as pd

    t0 = time.perf_counter()
    frame = pd.read_json(path, lines=True)
    cases = pd.json_normalize(frame["case"].tolist())
    cases["decision_date.value"].str[:4].value_counts()
    cases["country.value"].value_counts()
    defendants = pd.json_normalize(frame.to_dict("records"), record_path="defendants")
    defendants["sentence.type.value"].value_counts()
    charges = pd.json_normalize(frame.to_dict("records"), record_path=["defendants", "charges"])
    charges["outcome.value"].value_counts()
    victims = pd.json_normalize(frame.to_dict("records"), record_path="victims")
    victims.groupby("compensation.outcome.value").size()
    return time.perf_counter() - t0


def bench_report(tmp: Path, quick: bool) -> None:
    n = 300 if quick else 1000
    lines = _inflate(_records(tmp), n)
    path = tmp / "records-1000.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    base = _pandas_baseline(path)
    for fmt in ("docx", "html", "pdf"):
        out = tmp / f"report.{fmt}"
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pipeline", "report", str(path), "--out", str(out), "--drafts"],
                              capture_output=True, text=True, timeout=600)
        seconds = time.perf_counter() - t0
        if proc.returncode != 0:
            print(f"  {fmt}: failed: {proc.stderr[-300:]}")
            continue
        size = out.stat().st_size / 1e6
        _row(f"report .{fmt}, {n} verdicts (s)", seconds, base, "s", higher_is_better=False)
        print(f"    {size:.1f} MB; target under {TARGET_S:.0f} s: {'met' if seconds < TARGET_S else 'NOT met'}")
