"""The ``spoton`` command line (also ``python -m pipeline``). One function per command; exit codes from
:mod:`pipeline.errors`: 0 all done, 3 some documents failed, 2 bad usage or configuration, 1 anything else.

To add a command: write a function decorated with ``@app.command()`` that returns an exit code (or
None for 0) and raises :class:`~pipeline.errors.ConfigError` for bad usage.
"""

from __future__ import annotations

import enum
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.exceptions import Abort, TyperException

from pipeline import __version__
from pipeline.errors import EXIT_FAILURE, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, ConfigError, PipelineError

app = typer.Typer(
    name="spoton",
    help="SPOT ON: court verdicts (PDF, scans, DOCX, text) → text, entities and draft coding records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class ExecutorKind(enum.StrEnum):
    local = "local"
    dask = "dask"


class OcrMode(enum.StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"spoton {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """SPOT ON verdict pipeline."""


ConfigOpt = Annotated[Path | None, typer.Option("--config", metavar="FILE",
                                                help="TOML file with limits and OCR settings (flags win).")]
OcrOpt = Annotated[OcrMode | None, typer.Option(
    "--ocr", help="auto: OCR pages without a usable text layer; always: OCR every page; never: text layers only.")]


def _load(config: Path | None, **overrides):
    from pipeline.config import load_config

    if config is not None and not config.is_file():
        raise ConfigError(f"configuration file not found: {config}")
    return load_config(config, **{k: (v.value if isinstance(v, enum.Enum) else v) for k, v in overrides.items()})


@app.command()
def run(
    inputs: Annotated[list[Path], typer.Argument(
        metavar="INPUT", help="Verdict files or folders (read recursively; hidden files are skipped).")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Output folder (created if missing).")],
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", min=1, help="Worker processes (default: one per CPU core).")] = None,
    executor: Annotated[ExecutorKind | None, typer.Option(
        "--executor", help="local: a process pool on this machine; dask: a Dask cluster (see --scheduler).")] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDR",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local Dask cluster). The workers "
             "must see the input files and DIR under the same paths.")] = None,
    ocr: OcrOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Reprocess documents that are already done.")] = False,
    config: ConfigOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display; only the summary.")] = False,
) -> int:
    """Process every verdict file under INPUT... into DIR.

    Writes DIR/<doc_id>/document.json and record.json per document, and DIR/records.jsonl,
    DIR/records.parquet and DIR/errors.jsonl for the whole batch. Documents already done with the same
    content and versions are skipped, so an interrupted run just continues. Exit status: 0 all done,
    3 some documents failed (see DIR/errors.jsonl), 2 bad usage.
    """
    cfg = _load(config, workers=workers, executor=executor, scheduler=scheduler, force=force or None,
                **{"ocr.mode": ocr})
    if cfg.scheduler and cfg.executor != "dask":
        raise ConfigError("--scheduler only applies with --executor dask.")
    from pipeline.batch import expand_inputs, run_batch

    expand_inputs(inputs, out)  # a missing input is a usage error before any work starts
    summary = run_batch(inputs, out, cfg, progress=not quiet)
    typer.echo(f"spoton run: {summary.describe()}", err=True)
    if summary.failed:
        typer.echo(f"spoton run: {summary.failed} document(s) failed; see {out / 'errors.jsonl'}", err=True)
    return summary.exit_code


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="One verdict file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Compact one-line JSON (as in record.json) "
                                                         "instead of indented JSON.")] = False,
    document: Annotated[Path | None, typer.Option(
        "--document", metavar="PATH", help="Also write the document JSON (text, pages, words) to PATH.")] = None,
    ocr: OcrOpt = None,
    config: ConfigOpt = None,
) -> int:
    """Print the draft coding record of one file as JSON on stdout (exit status 3 if it cannot be read)."""
    import json

    from pipeline import atomic
    from pipeline.coding import build_record
    from pipeline.ingest import ingest
    from pipeline.model import dump_json

    cfg = _load(config, **{"ocr.mode": ocr})
    if not file.is_file():
        raise ConfigError(f"file not found: {file}")
    try:
        doc = ingest(file, cfg)
        record = build_record(doc)
    except PipelineError as exc:
        typer.echo(f"spoton extract: {exc.message} [{exc.stage}/{exc.error}]", err=True)
        return EXIT_SOME_FAILED
    if document is not None:
        atomic.write_text(document, dump_json(doc))
    text = dump_json(record)
    typer.echo(text if as_json else json.dumps(json.loads(text), ensure_ascii=False, indent=2))
    return EXIT_OK


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", metavar="LABELSTUDIO_JSON", help="Label Studio JSON export.")],
    texts: Annotated[Path, typer.Option("--texts", metavar="DIR", help="Folder with the annotated text files.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    split: Annotated[str, typer.Option("--split", help="heldout, dev or all (split file: annotations/splits/).")] = "all",
    split_file: Annotated[Path | None, typer.Option("--split-file", metavar="FILE")] = None,
    no_model: Annotated[bool, typer.Option("--no-model", help="Rules only, even where a trained model exists.")] = False,
) -> int:
    """Entity P/R/F1 (strict and overlap) and field accuracy of the pipeline against gold annotations."""
    from pipeline.evaluate import run_cli

    return run_cli(gold, texts, as_json=as_json, split=split, split_file=split_file, use_model=not no_model)


train_app = typer.Typer(help="Train the trainable parts (entity tagger) on annotated verdicts.", no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("ner")
def train_ner(
    config: Annotated[Path, typer.Option("--config", metavar="FILE", help="Training config (YAML).")],
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Model folder, e.g. models/ner-sr.")],
    gold: Annotated[Path | None, typer.Option("--gold", metavar="LABELSTUDIO_JSON")] = None,
    texts: Annotated[Path | None, typer.Option("--texts", metavar="DIR")] = None,
) -> int:
    """Train the entity tagger on the dev split; decide per label where it takes over from the rules."""
    from pipeline.train.ner import train

    meta = train(config, out, gold=gold, texts=texts, log=lambda m: typer.echo(m, err=True))
    typer.echo(f"spoton train ner: {out} (takes over: {', '.join(meta['takeover']) or 'nothing'})", err=True)
    return EXIT_OK


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs a command and exits with its status."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="spoton", standalone_mode=False)
    except TyperException as exc:  # usage errors (exit status 2) and their kin
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            typer.echo(f"spoton: {exc.format_message()}", err=True)
        code = exc.exit_code
    except Abort:
        code = 130
    except ConfigError as exc:
        typer.echo(f"spoton: {exc}", err=True)
        code = EXIT_USAGE
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, not a traceback
        if os.environ.get("SPOTON_DEBUG"):
            raise
        typer.echo(f"spoton: {type(exc).__name__}: {exc} (set SPOTON_DEBUG=1 for the traceback)", err=True)
        code = EXIT_FAILURE
    if code == 130:
        typer.echo("Interrupted. Run the same command again to continue where it stopped.", err=True)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


if __name__ == "__main__":
    main()
