"""The codebook drives coding: each field names a registered extractor, the record builder runs what the
codebook names (needs first), and a new field is a codebook entry plus one registered step."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from test_extract_case import ME

from pipeline.coding import analyse
from pipeline.coding.codebook import codebook, load_codebook
from pipeline.coding.extract.context import Context, empty
from pipeline.coding.extract.record import check, extract, nest
from pipeline.coding.extract.registry import Found, Runner, extractor, registered
from pipeline.config import RunConfig
from pipeline.datafiles import load_yaml
from pipeline.errors import ConfigError
from pipeline.ingest import ingest
from pipeline.model import FieldValue

VERDICT = ME  # the Montenegrin first-instance judgment of test_extract_case


def context(tmp_path: Path) -> Context:
    path = tmp_path / "verdict.txt"
    path.write_text(VERDICT, encoding="utf-8")
    document = ingest(path, RunConfig())
    structure, entities = analyse(document)
    return Context(document, structure, entities)


def codebook_data() -> tuple[dict, dict]:
    data = load_yaml("codebook.yaml", "codebook file")
    statutes = load_yaml(str(data.get("statutes")), "codebook file")
    return copy.deepcopy(data), statutes


def test_every_field_names_a_registered_extractor() -> None:
    cb = codebook()
    check(cb)  # raises on a name nobody registered
    unfilled = [f.path for f in cb.all_fields() if f.extractor is None and f.type != "records"]
    # only people fill these (circumstances of the sentence): everything else the draft tries
    assert unfilled == ["defendant.aggravating", "defendant.mitigating"]
    for level in ("defendant", "charge", "victim"):
        assert registered(str(cb.level_items[level])).name == cb.level_items[level]


# --------------------------------------------------------------------------- adding a field


@extractor("case.hearing_date", needs=("case.decision_date",))
def hearing_date(ctx: Context, found: Found) -> FieldValue:
    """The date of the main hearing ("glavnog i javnog pretresa održanog dana 16.12.2015"); the same day
    as the decision is the usual case and raises the confidence."""
    m = re.search(r"pretresa\s+održanog\s+dana\s+(\d{1,2})\.(\d{1,2})\.(\d{4})", ctx.view[slice(*ctx.intro)])
    if m is None:
        return empty()
    day = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    same_day = found["case.decision_date"].value == day
    start = ctx.intro[0] + m.start(1)
    return ctx.field(day, 0.8 if same_day else 0.6, [(start, ctx.intro[0] + m.end(3))], "case.hearing_date",
                     source_file="case", view=True)


def test_a_new_field_is_a_codebook_entry_and_one_registered_step(tmp_path: Path) -> None:
    """What adding a field takes: its codebook entry (naming the extractor) and the registered step above;
    the record builder, nest() and the record shape need no change."""
    data, statutes = codebook_data()
    labels = {lang: "Hearing date" for lang in data["languages"]}
    data["fields"]["case"].append({"name": "hearing_date", "type": "date", "label": labels,
                                   "extractor": "case.hearing_date"})
    cb = load_codebook(data, statutes)
    case, defendants, _victims = extract(context(tmp_path), cb)
    record_case = nest(cb, "case", case)
    assert record_case["hearing_date"].value == "2015-12-16"
    assert record_case["hearing_date"].confidence == 0.8  # the decision's date agrees: its need ran first
    assert record_case["hearing_date"].evidence[0].text == "16.12.2015"
    assert record_case["hearing_date"].source.startswith("rule:case.hearing_date@")
    # the rest of the record is what the shipped codebook gives
    shipped, _d, _v = extract(context(tmp_path), codebook())
    assert nest(codebook(), "case", shipped) == {k: v for k, v in record_case.items() if k != "hearing_date"}
    assert [d["name"].value for d in defendants] == ["H.K."]


def test_a_field_naming_an_unregistered_extractor_is_a_config_error() -> None:
    data, statutes = codebook_data()
    data["fields"]["case"][0]["extractor"] = "case.no_such_step"
    with pytest.raises(ConfigError, match=r"case\.country.*case\.no_such_step"):
        check(load_codebook(data, statutes))


# --------------------------------------------------------------------------- needs


@extractor("test.reads_the_court_without_saying_so")
def _undeclared(ctx: Context, found: Found) -> FieldValue:
    return found["case.court"]["court"]


@extractor("test.circle_a", needs=("test.circle_b",))
def _circle_a(ctx: Context, found: Found) -> None:
    return None


@extractor("test.circle_b", needs=("test.circle_a",))
def _circle_b(ctx: Context, found: Found) -> None:
    return None


def test_a_step_sees_only_what_it_declares_it_needs(tmp_path: Path) -> None:
    runner = Runner(context(tmp_path))
    assert runner.run("case.instance").value == "first"  # its needs (court, case number) ran first
    with pytest.raises(KeyError):
        runner.run("test.reads_the_court_without_saying_so")  # case.court has run, but was not declared


def test_steps_that_need_each_other_are_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="circle: test.circle_a -> test.circle_b -> test.circle_a"):
        Runner(context(tmp_path)).run("test.circle_a")


def test_two_steps_under_one_name_are_refused() -> None:
    with pytest.raises(ValueError, match="two extractors are registered as 'case.judges'"):
        extractor("case.judges")(lambda ctx, found: None)
