"""`spoton evaluate --facts`: field accuracy against gold facts, per group and input variant, and the
development sets it measures (annotations/devsets/<lang>/)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPO, SAMPLE_SOURCES, spoton

from pipeline.evaluate_facts import compare, load_devset, make_split, same

DEVSETS = sorted(p for p in (REPO / "annotations" / "devsets").glob("*") if (p / "split.json").is_file())
GOLD = REPO / "annotations" / "samples"


def _field(value):
    return {"value": value, "confidence": 0.9, "evidence": [], "source": "rule:x@1", "status": "draft"}


def _record(**case) -> dict:
    return {"case": {k: _field(v) for k, v in case.items()}, "defendants": [], "victims": []}


def test_values_compare_strictly_but_not_on_spelling_noise() -> None:
    assert same("Основен кривичен суд Скопје", "ОСНОВЕН  КРИВИЧЕН СУД СКОПЈЕ")
    assert same("K 57/19", "K 57 / 19")
    assert same({"amount": "1500.00", "currency": "EUR"}, {"amount": "1500", "currency": "EUR"})
    assert not same("Gjykata e Shkallës së Parë Tiranë", "Gjykata e Shkallës së Parë")
    assert not same("Ana Petrović", "Ane Petrović")  # a name in the genitive is not coded right
    assert same(None, []) and not same(None, "x") and not same(42, 36)


def test_people_are_matched_by_name_and_extras_count_as_wrong() -> None:
    gold = {"case": {"language": "sr"}, "defendants": [
        {"name": "Marko Marković", "charges": [{"outcome": "convicted", "provision": None}],
         "sentence": {"type": "prison", "prison_months": 42, "probation_months": None, "fine": None}}],
        "victims": [{"name": "A.B.", "compensation": {"outcome": "referred_to_civil"}}]}
    record = {"case": {}, "victims": [{"name": _field("A.B."), "compensation": {"outcome": _field(None)}}],
              "defendants": [
                  {"name": _field("Marković Marko"), "charges": [{"outcome": _field("convicted"),
                                                                 "provision": _field(None)}],
                   "sentence": {"type": _field("prison"), "prison_months": _field(42),
                                "probation_months": _field(None), "fine": _field(None)}},
                  {"name": _field("Petar Petrović"), "charges": [], "sentence": {}}]}
    tallies = compare(record, gold, "t")
    assert (tallies["defendants"].right, tallies["defendants"].total) == (1, 2)  # one extra defendant
    assert (tallies["outcomes"].right, tallies["outcomes"].total) == (1, 1)
    assert (tallies["sentences"].right, tallies["sentences"].total) == (1, 1)
    assert (tallies["victims"].right, tallies["victims"].total) == (1, 1)
    assert (tallies["compensation"].right, tallies["compensation"].total) == (0, 1)
    assert "referred_to_civil" in tallies["compensation"].misses[0]


def test_charges_are_paired_by_provision_not_by_order() -> None:
    """The introduction's table and the operative part may list one accused's charges in different orders:
    either order is coded right; a charge with a wrong provision still counts as wrong."""
    p418 = {"code": "MK-KZ", "article": "418a", "paragraph": "1", "item": None}
    p191 = {"code": "MK-KZ", "article": "191", "paragraph": "1", "item": None}
    p394 = {"code": "MK-KZ", "article": "394", "paragraph": "1", "item": None}
    gold = {"case": {"language": "mk"}, "victims": [], "defendants": [
        {"name": "Петар Петров", "sentence": {}, "charges": [
            {"outcome": "convicted", "provision": p418}, {"outcome": "acquitted", "provision": p191}]}]}

    def record(*charges: tuple[str, dict]) -> dict:
        return {"case": {}, "victims": [], "defendants": [{"name": _field("Петар Петров"), "sentence": {},
                "charges": [{"outcome": _field(o), "provision": _field(p)} for o, p in charges]}]}

    swapped = compare(record(("acquitted", p191), ("convicted", p418)), gold)
    assert (swapped["outcomes"].right, swapped["provisions"].right) == (2, 2)
    one_wrong = compare(record(("acquitted", p394), ("convicted", p418)), gold)
    # 418a found second; the other gold charge takes the one left, whose provision is wrong
    assert (one_wrong["outcomes"].right, one_wrong["provisions"].right, one_wrong["provisions"].total) == (2, 1, 2)
    short = compare(record(("acquitted", p191)), gold)
    assert (short["outcomes"].right, short["provisions"].right, short["outcomes"].total) == (1, 1, 2)


def test_case_groups_need_every_field_right() -> None:
    gold = {"case": {"court": "Viši sud u Nišu", "prosecutor": {"office": "Više javno tužilaštvo u Nišu",
                                                                "name": "Jovan Jovanović"}}}
    record = _record(court="Viši sud u Nišu")
    record["case"]["prosecutor"] = {"office": _field("Više javno tužilaštvo u Nišu"), "name": _field(None)}
    tallies = compare(record, gold)
    assert tallies["court"].accuracy == 1.0
    assert tallies["prosecutor"].accuracy == 0.0 and "prosecutor.name" in tallies["prosecutor"].misses[0]


def test_split_is_reproducible_and_disjoint() -> None:
    ids = [f"v{i:02d}" for i in range(22)]
    a, b = make_split(ids, 7), make_split(list(reversed(ids)), 7)
    assert a == b
    assert not set(a["dev"]) & set(a["heldout"]) and sorted(a["dev"] + a["heldout"]) == ids
    assert len(a["heldout"]) == 7


@pytest.fixture(scope="module")
def tiny_devset(tmp_path_factory) -> Path:
    """Two sample verdicts (fictitious) laid out as a development set."""
    folder = tmp_path_factory.mktemp("devset")
    (folder / "texts").mkdir()
    (folder / "gold").mkdir()
    for sid in ("mk_kok_60_2014", "rs_k_57_2019_latn"):
        shutil.copy(SAMPLE_SOURCES / f"{sid}.txt", folder / "texts" / f"{sid}.txt")
        shutil.copy(GOLD / f"{sid}.yaml", folder / "gold" / f"{sid}.yaml")
    (folder / "split.json").write_text(json.dumps({"seed": 1, "dev": ["rs_k_57_2019_latn"],
                                                   "heldout": ["mk_kok_60_2014"]}), encoding="utf-8")
    return folder


def test_evaluate_facts_on_text_and_word(tiny_devset: Path) -> None:
    res = spoton("evaluate", "--facts", tiny_devset, "--split", "all", "--variant", "text,docx", "--json")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["verdicts"] == 2 and set(report["variants"]) == {"text", "docx"}
    for variant in ("text", "docx"):
        groups = report["variants"][variant]
        assert groups["case_number"] == {"right": 2, "total": 2, "accuracy": 1.0, "misses": []}
        assert groups["defendants"]["total"] >= 4 and groups["defendants"]["accuracy"] == 1.0


def test_evaluate_facts_reads_only_the_split_asked_for(tiny_devset: Path) -> None:
    assert [v.id for v in load_devset(tiny_devset, "heldout")] == ["mk_kok_60_2014"]
    res = spoton("evaluate", "--facts", tiny_devset, "--split", "heldout")
    assert res.returncode == 0 and "(heldout, 1 verdicts)" in res.stdout


def test_evaluate_facts_usage_errors(tmp_path: Path, tiny_devset: Path) -> None:
    assert spoton("evaluate", "--facts", tiny_devset, "--variant", "fax").returncode == 2
    res = spoton("evaluate", "--facts", tmp_path)
    assert res.returncode != 0 and "split.json" in res.stderr
    assert spoton("evaluate").returncode == 2


# --------------------------------------------------------------------------- the development sets


@pytest.mark.skipif(not DEVSETS, reason="no development set in annotations/devsets yet")
@pytest.mark.parametrize("devset", DEVSETS, ids=lambda p: p.name)
def test_devset_is_complete_and_fits_the_codebook(devset: Path) -> None:
    """Every verdict has text and gold facts; dev and held-out are disjoint; gold values are codebook values."""
    from pipeline.coding.codebook import codebook

    split = json.loads((devset / "split.json").read_text(encoding="utf-8"))
    dev, held = set(split["dev"]), set(split["heldout"])
    assert not dev & held
    assert held and len(held) >= len(dev | held) / 5
    on_disk = {p.stem for p in (devset / "texts").glob("*.txt")}
    assert on_disk == dev | held == {p.stem for p in (devset / "gold").glob("*.yaml")}
    cb = codebook()
    outcomes, types = set(cb.enum("charge.outcome")), set(cb.enum("defendant.sentence.type"))
    comp = set(cb.enum("victim.compensation.outcome"))
    for vid in dev | held:
        gold = yaml.safe_load((devset / "gold" / f"{vid}.yaml").read_text(encoding="utf-8"))
        assert gold["case"]["court"] and gold["case"]["case_number"], vid
        for d in gold.get("defendants") or []:
            assert all(c["outcome"] in outcomes | {None} for c in d.get("charges") or []), vid  # None: annulled
            assert (d.get("sentence") or {}).get("type") in types | {None}, vid
        for v in gold.get("victims") or []:
            assert (v.get("compensation") or {}).get("outcome") in comp | {None}, vid
