"""``python -m pipeline.samples [--out DIR] [--only ID ...] [--list]``: rebuild the sample files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.errors import EXIT_USAGE, PipelineError
from pipeline.samples.generate import DEFAULT_OUT, build_sample, catalog


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.samples", description=__doc__)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: data/raw)")
    ap.add_argument("--only", action="append", metavar="ID", help="build only this sample (repeatable)")
    ap.add_argument("--list", action="store_true", help="list the samples and exit")
    args = ap.parse_args(argv)
    cat = catalog()
    if args.list:
        for sid, info in cat.items():
            print(f"{sid:28} {info['language']}-{info['script']:5} {info['kind']:8} {info['output']}")
        return 0
    try:
        for sid in args.only or list(cat):
            path = build_sample(sid, args.out)
            print(f"{sid:28} -> {path}")
    except PipelineError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    return 0


if __name__ == "__main__":
    sys.exit(main())
