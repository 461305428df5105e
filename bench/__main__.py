"""`make bench`: speed and memory of the pipeline, each figure beside a baseline measured in the same run.

    python -m bench [--quick] [--only pdf,ocr,memory,text]

- pdf:    digital PDF pages/s through our reader (words, boxes, lines) vs bare pypdfium2 text extraction
- ocr:    OCR pages/min through `spoton run` (2 workers) vs bare `tesseract` on the same page images with the
          same languages, one process per core
- memory: peak memory (RSS of the whole process tree) of `spoton run` on a 300-page scanned PDF
- text:   verdicts/s for tagging + extraction (build_record) on real verdicts vs spaCy's bare tokenizer
- report: seconds for `spoton report --drafts` over 1,000 verdicts in .docx/.html/.pdf vs bare pandas counting
- review: opening the review app's verdict view of a 300-page scan (first response, first page image) vs
          bare pypdfium2 rendering one page
- train:  minutes to train the default entity model (`spoton train ner`, nested CV + decision + fit on the 45
          annotated verdicts) vs one CRF fit on the same verdicts
- review_load: 20 simulated annotators saving corrections against one `spoton review` server (SQLite and
          PostgreSQL): saves/s, p50/p95 latency, errors, lost updates (300 s per database; --quick 10 s)

Inputs are made in a temporary folder from the real corpora in ../shared (never copied into the repository)
or, for the scans, from rendered pages. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench import cases
from bench.report import bench_report
from bench.review import bench_review
from bench.review_load import bench_review_load
from bench.train import bench_train

CASES = {
    "pdf": cases.bench_pdf,
    "ocr": cases.bench_ocr,
    "memory": cases.bench_memory,
    "text": cases.bench_text,
    "report": bench_report,
    "review": bench_review,
    "review_load": bench_review_load,
    "train": bench_train,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller inputs (a few minutes in all)")
    ap.add_argument("--only", default=",".join(CASES), help="comma-separated subset of: " + ",".join(CASES))
    args = ap.parse_args(argv)
    wanted = [c.strip() for c in args.only.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in CASES]
    if unknown:
        ap.error(f"unknown benchmark(s): {', '.join(unknown)}")
    print(f"SPOT ON benchmarks ({'quick' if args.quick else 'full'}); machine: {cases.machine()}")
    with tempfile.TemporaryDirectory(prefix="spoton-bench-") as tmp:
        for name in wanted:
            print(f"\n== {name}")
            sys.stdout.flush()
            CASES[name](Path(tmp), quick=args.quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
