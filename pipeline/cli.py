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
    """The run configuration, and every rule file checked: a broken one stops the command (exit 2) before any
    document, instead of failing each document of a batch."""
    from pipeline.config import load_config
    from pipeline.datafiles import check_all

    if config is not None and not config.is_file():
        raise ConfigError(f"configuration file not found: {config}")
    loaded = load_config(config, **{k: (v.value if isinstance(v, enum.Enum) else v) for k, v in overrides.items()})
    check_all()
    return loaded


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
    gold: Annotated[Path | None, typer.Option(
        "--gold", metavar="LABELSTUDIO_JSON", help="Label Studio JSON export (with --texts).")] = None,
    texts: Annotated[Path | None, typer.Option(
        "--texts", metavar="DIR", help="Folder with the annotated text files.")] = None,
    facts: Annotated[list[Path] | None, typer.Option(
        "--facts", metavar="DEVSET",
        help="A development set with gold facts (annotations/devsets/mk, sq, sr-Cyrl): field accuracy per "
             "group instead of entity spans. Repeatable.")] = None,
    variant: Annotated[str, typer.Option(
        "--variant", help="With --facts: the inputs to make of each verdict, comma-separated: text, docx, "
                          "scan (a noisy 200-dpi scan).")] = "text",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    split: Annotated[str, typer.Option("--split", help="heldout, dev or all (split file: annotations/splits/).")] = "all",
    split_file: Annotated[Path | None, typer.Option("--split-file", metavar="FILE")] = None,
    no_model: Annotated[bool, typer.Option("--no-model", help="Rules only, even where a trained model exists.")] = False,
    misses: Annotated[bool, typer.Option("--misses", help="With --facts: list every wrong item.")] = False,
    learning_curve: Annotated[Path | None, typer.Option(
        "--learning-curve", metavar="OUT.png",
        help="With --gold/--texts: train the entity model on growing shares of the dev documents (fixed seed) and "
             "plot its strict F1 on the held-out documents against training-set size; figures in OUT.json.")] = None,
    curve_steps: Annotated[int, typer.Option("--curve-steps", min=1, help="Training-set sizes on the curve.")] = 5,
    curve_model: Annotated[str, typer.Option(
        "--curve-model", help="crf: the CRF on rule features, alone; corrector: the span corrector over the "
                              "rules (the default entity model), rules + model.")] = "crf",
    train_config: Annotated[Path | None, typer.Option(
        "--train-config", metavar="FILE",
        help="Training config of the curve's model (default pipeline/train/configs/ner-sr.yaml, the CRF).")] = None,
    base_model: Annotated[Path | None, typer.Option(
        "--base-model", metavar="PATH", help="The curve fine-tunes this local transformer checkpoint instead of "
                                             "the CRF.")] = None,
    model: Annotated[Path | None, typer.Option(
        "--model", metavar="DIR", help="With --gold/--texts: a candidate model version (e.g. models/ner-sr/2): "
                                       "figures per label and per field with the active models and with the "
                                       "candidate in its place, side by side.")] = None,
) -> int:
    """Accuracy of the pipeline against gold annotations.

    With --gold and --texts: entity P/R/F1 (strict and overlap) and field accuracy against a Label Studio
    export. With --facts: field accuracy per group (court, case number, ..., compensation) against the gold
    facts of a development set, on text, Word and scanned versions of its verdicts. --model DIR compares a
    candidate model version with the active one; --learning-curve OUT.png plots F1 against training-set size.
    """
    if facts:
        import json

        from pipeline.evaluate_facts import VARIANTS, evaluate_devset, format_report

        wanted = tuple(v.strip() for v in variant.split(",") if v.strip())
        unknown = [v for v in wanted if v not in VARIANTS]
        if unknown:
            raise ConfigError(f"unknown --variant {', '.join(unknown)}: use {', '.join(VARIANTS)}")
        reports = [evaluate_devset(folder, split, wanted) for folder in facts]
        if as_json:
            typer.echo(json.dumps(reports if len(reports) > 1 else reports[0], ensure_ascii=False, indent=2))
        else:
            typer.echo("\n\n".join(format_report(r, show_misses=misses) for r in reports))
        return EXIT_OK
    if gold is None or texts is None:
        raise ConfigError("spoton evaluate needs --gold and --texts (a Label Studio export), or --facts DEVSET.")
    if learning_curve is not None:
        from pipeline.train.curve import run_cli as curve_cli

        if curve_model not in ("crf", "corrector"):
            raise ConfigError(f"--curve-model must be crf or corrector, not '{curve_model}'.")
        curve_cli(gold, texts, learning_curve, split_file=split_file, steps=curve_steps, config=train_config,
                  base_model=base_model, model=curve_model, log=lambda m: typer.echo(m, err=True))
        return EXIT_OK
    if model is not None:
        import json

        from pipeline.train.compare import compare
        from pipeline.train.compare import render as render_comparison

        if split not in ("dev", "heldout", "all"):
            raise ConfigError(f"--split must be heldout, dev or all, not '{split}'.")
        result = compare(gold, texts, model, split=split, split_file=split_file)
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            render_comparison(result)
        return EXIT_OK
    from pipeline.evaluate import run_cli

    return run_cli(gold, texts, as_json=as_json, split=split, split_file=split_file, use_model=not no_model)


train_app = typer.Typer(help="Train the trainable parts (entity tagger, field models, sentence tags) on annotated or "
                              "confirmed verdicts; each new model is registered as a version (see spoton models).",
                         no_args_is_help=True)
app.add_typer(train_app, name="train")


class TrainBackend(enum.StrEnum):
    crfsuite = "crfsuite"
    transformers = "transformers"


@train_app.command("ner")
def train_ner(
    config: Annotated[Path | None, typer.Option(
        "--config", metavar="FILE", help="Training config (YAML). Default with --backend transformers: "
                                         "pipeline/train/configs/ner-sr-transformers.yaml.")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="DIR", help="crfsuite: write the model folder here instead of registering it as the next "
                                     "version of the config's component (models/<component>/<version>/).")] = None,
    gold: Annotated[Path | None, typer.Option("--gold", metavar="LABELSTUDIO_JSON")] = None,
    texts: Annotated[Path | None, typer.Option("--texts", metavar="DIR")] = None,
    backend: Annotated[TrainBackend, typer.Option(
        "--backend", help="crfsuite: the models stacked on the rules (the span corrector, or the CRF); transformers: fine-tune a local checkpoint "
                          "(--base-model) for token classification, on a GPU when torch sees one.")] = TrainBackend.crfsuite,
    base_model: Annotated[Path | None, typer.Option(
        "--base-model", metavar="PATH", help="transformers: a checkpoint folder you downloaded (BERTić, XLM-R); "
                                             "nothing is downloaded.")] = None,
    component: Annotated[str | None, typer.Option(
        "--component", help="transformers: the registry component to add a version to (default: the config's, "
                            "ner-sr).")] = None,
    sources: FromOpt = None,
    eval_sources: EvalOpt = None,
    models: ModelsOpt = None,
) -> int:
    """Train the entity model and decide per label, by cross-validation, where it changes the rules' output.

    With pipeline/train/configs/ner-sr.yaml (its corrector section): the span corrector over the rules,
    with the adder that adds what the rules miss in the introduction and signature block (ner-sr@3;
    COMtext.SR gives it a name gazetteer), measured by nested 5-fold CV on the 45 annotated verdicts and trained on all of them; a config
    without that section trains the CRF on the dev split. Registered as the next version (not active).

    With --backend transformers the fine-tuned model is measured on the held-out split and registered as a
    new version of the component (not activated: `spoton models promote`)."""
    if backend is TrainBackend.transformers:
        if base_model is None:
            raise ConfigError("--backend transformers needs --base-model PATH (a local checkpoint folder)")
        if out is not None:
            raise ConfigError("--out is the CRF's folder; --backend transformers registers a new version in the "
                              "registry (--models DIR, else $SPOTON_MODELS, else models/)")
        if models is not None:
            os.environ["SPOTON_MODELS"] = str(models)
        from pipeline.train.transformer import train as train_transformer

        meta = train_transformer(base_model, config=config, component=component, gold=gold, texts=texts,
                                 sources=sources, eval_sources=eval_sources, log=lambda m: typer.echo(m, err=True))
        typer.echo(f"spoton train ner: {meta['component']}@{meta['version']} registered, strict F1 "
                   f"{meta['metrics']['overall']['f1']:.4f} (takes over: {', '.join(meta['takeover']) or 'nothing'})",
                   err=True)
        return EXIT_OK
    if sources or eval_sources:
        raise ConfigError("--from/--eval are read by --backend transformers; the CRF reads --gold/--texts or its config")
    if config is None:
        raise ConfigError("spoton train ner needs --config FILE")
    from pipeline.train.ner import train

    # without --out the model is registered as the next version of the config's component (not active)
    meta = train(config, out, gold=gold, texts=texts, log=lambda m: typer.echo(m, err=True))
    where = out if out is not None else f"{meta.get('component', meta.get('name'))}@{meta.get('version')}"
    typer.echo(f"spoton train ner: {where} (takes over: {', '.join(meta.get('takeover') or []) or 'nothing'})",
               err=True)
    return EXIT_OK


FromOpt = Annotated[list[str] | None, typer.Option(
    "--from", metavar="KIND:PATH", help="Training data, repeatable: db:URL (confirmed verdicts of the review "
                                        "database), export:PATH (spoton export jsonl + labelstudio/docbin of the "
                                        "same verdicts, or a folder of them), labelstudio:PATH, conllu:PATH, "
                                        "devset:DIR[#dev|heldout|all].")]
EvalOpt = Annotated[list[str] | None, typer.Option(
    "--eval", metavar="KIND:PATH", help="A fixed evaluation set (same kinds as --from; its documents are left out "
                                        "of training). Default: a seeded document-level split of --from.")]
ModelsOpt = Annotated[Path | None, typer.Option(
    "--models", metavar="DIR", help="Registry root to add the version to (default: $SPOTON_MODELS, else "
                                    "models/).")]


@train_app.command("fields")
def train_fields(
    config: Annotated[Path | None, typer.Option(
        "--config", metavar="FILE", help="Field model config (default: pipeline/train/configs/"
                                         "field-compensation-outcome.yaml).")] = None,
    sources: FromOpt = None,
    eval_sources: EvalOpt = None,
    models: ModelsOpt = None,
) -> int:
    """Train a field-level model (the compensation outcome per victim) from confirmed values, measure it beside
    the rules on held-out documents, and register it as a new version (not active: `spoton models promote`)."""
    from pipeline.train import fields

    if models is not None:
        os.environ["SPOTON_MODELS"] = str(models)
    meta = fields.train(config, sources, eval_sources, log=lambda m: typer.echo(m, err=True))
    figures = meta.metrics.per_field.get(meta.fields[0], {})
    typer.echo(f"spoton train fields: {meta.name} registered; on {figures.get('victims', 0)} held-out victim(s): "
               f"drafts {figures.get('accuracy', 0):.3f} right with it, rules alone {figures.get('rules', 0):.3f}, "
               f"model alone {figures.get('model_alone', 0):.3f} (spoton models promote {meta.component} "
               f"{meta.version})", err=True)
    typer.echo(meta.name)
    return EXIT_OK


@train_app.command("sentence-tags")
def train_sentence_tags(
    sources: FromOpt = None,
    eval_sources: EvalOpt = None,
    epochs: Annotated[int, typer.Option("--epochs", min=1)] = 10,
    models: ModelsOpt = None,
) -> int:
    """Train the sentence-tag classifier (the sentences the rules leave untagged) from confirmed records (their
    sentences and tags where the record's offsets fit the text, else the rules' tags) and register it as a new
    version of sentence-tags (not active: `spoton models promote sentence-tags N`)."""
    from pipeline.train.sentence_tags import train_registered

    if not sources:
        raise ConfigError("spoton train sentence-tags needs --from KIND:PATH (one or more)")
    if models is not None:
        os.environ["SPOTON_MODELS"] = str(models)
    meta = train_registered(sources, eval_sources, epochs=epochs, log=lambda m: typer.echo(m, err=True))
    typer.echo(f"spoton train sentence-tags: {meta.name} registered; micro F1 {meta.metrics.overall['f1']:.3f} on "
               f"the held-out sentences", err=True)
    typer.echo(meta.name)
    return EXIT_OK


# --------------------------------------------------------------------------- model registry

models_app = typer.Typer(
    help="The model registry (models/<component>/<version>/, or $SPOTON_MODELS): what is trained, its figures, "
         "and which version `spoton run` uses.", no_args_is_help=True)
app.add_typer(models_app, name="models")
ComponentArg = Annotated[str, typer.Argument(metavar="COMPONENT", help="e.g. ner-sr, sentence-tags, "
                                                                        "field-compensation-outcome.")]
ByOpt = Annotated[str | None, typer.Option("--by", metavar="NAME", help="Who does it (default: $USER); recorded.")]


@models_app.command("list")
def models_list(component: Annotated[str | None, typer.Argument(metavar="[COMPONENT]")] = None) -> int:
    """One line per model version with its figures on its held-out set; "*" marks the active one."""
    from pipeline.train import registry

    names = [component] if component else registry.components()
    if not names or (component and not registry.versions(component)):
        typer.echo(f"spoton models: no model registered{f' for {component}' if component else ''} in "
                   f"{registry.models_root()}", err=True)
        return EXIT_OK
    for name in names:
        current = registry.active(name)
        for meta in registry.versions(name):
            mark = "*" if current is not None and current.version == meta.version else " "
            typer.echo(f"{mark} {meta.name:<32} {meta.backend:<12} {meta.created}  {registry.describe(meta)}")
    return EXIT_OK


@models_app.command("show")
def models_show(component: ComponentArg,
                version: Annotated[str | None, typer.Argument(metavar="[VERSION]",
                                                              help="Default: the active version.")] = None) -> int:
    """A model version's meta.json (figures, training data hash, codebook and library versions) as JSON."""
    from pipeline.train import registry

    if version is None:
        meta = registry.active(component)
        if meta is None:
            raise ConfigError(f"{component} has no active version; name one (spoton models list {component})")
    else:
        meta = registry.get(component, version)
    typer.echo(meta.model_dump_json(indent=1))
    return EXIT_OK


@models_app.command("promote")
def models_promote(
    component: ComponentArg,
    version: Annotated[str, typer.Argument(metavar="VERSION")],
    force: Annotated[str | None, typer.Option(
        "--force", metavar="REASON", help="Promote even if it scores worse (or on another held-out set); the "
                                          "reason is recorded in registry.json.")] = None,
    by: ByOpt = None,
) -> int:
    """Make VERSION the one `spoton run` uses. Refused (exit 2, naming each worse label or field) when it
    scores worse than the active version on the same held-out set, overall or per label/field."""
    from pipeline.train import registry

    meta = registry.promote(component, version, force_reason=force, by=by)
    typer.echo(f"spoton models: {meta.name} is active{' (forced: ' + force + ')' if force else ''}", err=True)
    return EXIT_OK


@models_app.command("rollback")
def models_rollback(component: ComponentArg, by: ByOpt = None) -> int:
    """Back to the version that was active before the last promotion."""
    from pipeline.train import registry

    meta = registry.rollback(component, by=by)
    typer.echo(f"spoton models: {meta.name} is active again", err=True)
    return EXIT_OK


# --------------------------------------------------------------------------- review database and app

DbOpt = Annotated[str | None, typer.Option(
    "--db", metavar="URL", envvar="SPOTON_DB",
    help="Review database: postgresql://user@host/db, or a SQLite file path (default: data/review.sqlite).")]


def _engine(db: str | None):
    from pipeline.store.db import engine_for, migrate

    engine = engine_for(db)
    migrate(engine)
    return engine


def _read_password(prompt: str) -> str:
    """The password from standard input: typed twice on a terminal, else the first line of a pipe."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass(f"{prompt}: ")
        if getpass.getpass("again: ") != first:
            raise ConfigError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


@app.command("import")
def import_(
    batch: Annotated[Path, typer.Argument(metavar="DIR", help="A folder written by `spoton run`.")],
    db: DbOpt = None,
) -> int:
    """Load a processed batch into the review database. Idempotent: a re-import after a pipeline re-run
    refreshes drafts only; every value a lawyer confirmed or corrected stays, and where the new draft
    disagrees the verdict view lists it as a suggestion."""
    from pipeline.store.importer import import_batch

    if not batch.is_dir():
        raise ConfigError(f"batch folder not found: {batch}")
    summary = import_batch(_engine(db), batch)
    typer.echo(f"spoton import: {summary.describe()}", err=True)
    for folder, reason in summary.failed:
        typer.echo(f"spoton import: {folder}: could not be read ({reason})", err=True)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


users_app = typer.Typer(help="Accounts of the review app (admin, annotator, researcher).", no_args_is_help=True)
app.add_typer(users_app, name="users")


class Role(enum.StrEnum):
    admin = "admin"
    annotator = "annotator"
    researcher = "researcher"


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(metavar="NAME")],
    role: Annotated[Role, typer.Option("--role", help="admin: every country and the users; annotator: edits "
                                                      "records of their countries; researcher: reads and "
                                                      "exports confirmed data of their countries.")],
    country: Annotated[str | None, typer.Option("--country", metavar="RS,MK,...",
                                                help="Countries the person works on (not for admins).")] = None,
    language: Annotated[str, typer.Option("--language", help="Interface language: en, sr-Latn, sr-Cyrl, mk, sq.")] = "en",
    db: DbOpt = None,
) -> int:
    """Create an account; the password (10 characters or more) is read from standard input."""
    from sqlalchemy.orm import Session

    from pipeline.store.users import UserError, add_user

    engine = _engine(db)
    password = _read_password(f"password for {name}")
    try:
        with Session(engine) as session, session.begin():
            add_user(session, name, password, role.value, country, language)
    except UserError as exc:
        raise ConfigError(str(exc)) from None
    typer.echo(f"spoton users: {name} added ({role.value}{', ' + country if country else ''})", err=True)
    return EXIT_OK


@users_app.command("list")
def users_list(db: DbOpt = None) -> int:
    """One line per account: name, role, countries, active."""
    from sqlalchemy.orm import Session

    from pipeline.store.users import list_users

    with Session(_engine(db)) as session:
        for user in list_users(session):
            typer.echo(f"{user.name}\t{user.role}\t{','.join(user.countries or []) or '*'}\t"
                       f"{'active' if user.active else 'disabled'}")
    return EXIT_OK


@users_app.command("passwd")
def users_passwd(name: Annotated[str, typer.Argument(metavar="NAME")], db: DbOpt = None) -> int:
    """Set a new password (from standard input)."""
    from sqlalchemy.orm import Session

    from pipeline.store.users import UserError, set_password

    engine = _engine(db)
    password = _read_password(f"new password for {name}")
    try:
        with Session(engine) as session, session.begin():
            set_password(session, name, password)
    except UserError as exc:
        raise ConfigError(str(exc)) from None
    return EXIT_OK


@users_app.command("disable")
def users_disable(name: Annotated[str, typer.Argument(metavar="NAME")], db: DbOpt = None) -> int:
    """Lock an account out (its history stays)."""
    from sqlalchemy.orm import Session

    from pipeline.store.users import UserError, set_active

    try:
        with Session(_engine(db)) as session, session.begin():
            set_active(session, name, False)
    except UserError as exc:
        raise ConfigError(str(exc)) from None
    return EXIT_OK


@app.command()
def review(
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", metavar="DIR",
                                                   help="Rendered page images (default: beside the database).")] = None,
    secure_cookies: Annotated[bool, typer.Option("--secure-cookies",
                                                 help="Mark the session cookie Secure (behind HTTPS).")] = False,
) -> int:
    """The review web application: the queue, the verdict view beside the record form, the JSON API.
    Migrations are applied on start."""
    import uvicorn

    from pipeline.review.app import create_app

    logging.getLogger("pipeline.review").setLevel(logging.INFO)
    application = create_app(db, cache_dir=cache_dir, secure_cookies=secure_cookies)
    typer.echo(f"spoton review: http://{host}:{port}/ (Ctrl+C stops)", err=True)
    # uvicorn's access log would print query strings (searches may hold names): the app logs requests itself
    uvicorn.run(application, host=host, port=port, access_log=False, log_level="warning")
    return EXIT_OK


class ExportFormat(enum.StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"
    jsonl = "jsonl"
    labelstudio = "labelstudio"
    docbin = "docbin"


@app.command("export")
def export_(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv/parquet: a row per defendant x charge; xlsx: a "
                                                               "sheet per level; jsonl: records; labelstudio, "
                                                               "docbin: confirmed entity spans for retraining.")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="PATH")],
    country: Annotated[str | None, typer.Option("--country", metavar="RS,MK,...")] = None,
    no_pseudonyms: Annotated[bool, typer.Option(
        "--no-pseudonyms", help="Victims' names as written (admins only: needs --admin and the password on "
                                "standard input).")] = False,
    admin: Annotated[str | None, typer.Option("--admin", metavar="NAME")] = None,
    db: DbOpt = None,
) -> int:
    """Export the confirmed records; victims are pseudonymised (V1, V2, ... per record) unless an admin
    asks otherwise."""
    from sqlalchemy.orm import Session

    from pipeline.export import export_records
    from pipeline.store.users import verify

    engine = _engine(db)
    countries = [c.strip().upper() for c in country.split(",") if c.strip()] if country else None
    with Session(engine) as session:
        if no_pseudonyms:
            if not admin:
                raise ConfigError("--no-pseudonyms needs --admin NAME (and the password on standard input)")
            user = verify(session, admin, _read_password(f"password for {admin}"))
            if user is None or user.role != "admin":
                raise ConfigError("--no-pseudonyms is for admins: wrong name or password, or not an admin")
        count = export_records(session, fmt.value, out, countries=countries, pseudonymise=not no_pseudonyms)
    typer.echo(f"spoton export: {count} confirmed verdict(s) -> {out}"
               f"{'' if no_pseudonyms else ' (victims pseudonymised)'}", err=True)
    return EXIT_OK


class ReportLang(enum.StrEnum):
    sr_latn = "sr-Latn"
    sr_cyrl = "sr-Cyrl"
    mk = "mk"
    sq = "sq"
    en = "en"


class ReportCountry(enum.StrEnum):
    RS = "RS"
    MK = "MK"
    AL = "AL"
    ME = "ME"


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FILE",
                                      help="The report: FILE.docx, FILE.html or FILE.pdf.")],
    source: Annotated[Path | None, typer.Argument(
        metavar="INPUT", help="A processed batch folder (spoton run --out DIR) or a records JSONL file; "
                              "leave out with --db.")] = None,
    db: Annotated[str | None, typer.Option(
        "--db", metavar="URL", help="Read the records from the review database instead of INPUT "
                                    "(postgresql://... or a SQLite file).")] = None,
    lang: Annotated[ReportLang | None, typer.Option(
        "--lang", help="Local language of the report, English beside it (en: English only). Default: the "
                       "language of the country.")] = None,
    country: Annotated[ReportCountry | None, typer.Option("--country", help="Only verdicts of this country.")] = None,
    year_from: Annotated[int | None, typer.Option("--from", metavar="YEAR", help="First year of decision.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", metavar="YEAR", help="Last year of decision.")] = None,
    drafts: Annotated[bool, typer.Option(
        "--drafts", help="Include drafts no lawyer has confirmed; every figure resting on them is marked.")] = False,
    regional: Annotated[bool, typer.Option(
        "--regional", help="Countries side by side in every table (the joint regional paper).")] = False,
    small_cell: Annotated[int, typer.Option(
        "--small-cell", metavar="N", help="Mark counts under N: a person could be recognised.")] = 3,
    review_url: Annotated[str, typer.Option(
        "--review-url", metavar="URL", help="Address of the review application the annex links to (with --db).")
    ] = "http://127.0.0.1:8000",
) -> int:
    """Bilingual court-practice report (the statistical core of an Analysis of Court Practice) from coded
    verdicts, in .docx, .html or .pdf, with FILE.figures.json beside it holding every number. Confirmed
    records only unless --drafts."""
    from pipeline.report import build_report

    if source is not None and db is not None:
        raise ConfigError("give INPUT or --db, not both")
    result = build_report(source, out, db_url=db, lang=lang.value if lang else None,
                          country=country.value if country else None, year_from=year_from, year_to=year_to,
                          drafts=drafts, regional=regional, small_cell=small_cell, review_url=review_url)
    numbers = result.figures
    typer.echo(f"spoton report: {numbers['verdicts']} verdict(s) ({numbers['records_draft']} draft) -> {out}; "
               f"figures: {result.figures_path} ({result.seconds:.1f} s)", err=True)
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
