"""The span corrector over the rules (pipeline.nlp.boundary, pipeline.train.boundary): what it learns from a
few annotated verdicts, how the per-label decision keeps the rules where the model is not better, and that
the pipeline drafts with the active registered version.

The verdict snippets are written here (fictitious names); nothing of the real corpora is copied.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from pipeline.nlp.boundary import Span, load_corrector
from pipeline.nlp.rules import load_rules, regions_from_markers
from pipeline.train.boundary import TrainDoc, correct_doc, decide, fit, from_weights

FIRST = ["Petar", "Marko", "Nikola", "Jovan", "Milan", "Dragan", "Zoran", "Goran", "Vuk", "Luka", "Ilija", "Bojan"]
LAST = ["Petrović", "Marković", "Nikolić", "Jovanović", "Milić", "Radulović", "Vuković", "Đukić", "Lakić"]
CFG = {
    "labels": ["DEFENDANT", "SANCTION_TYPE"],
    "families": {"people": ["DEFENDANT"], "sanctions": ["SANCTION_TYPE"]},
    "windows": {"people": 3, "sanctions": 3},
    "c": {"boundary": 1.0, "filter": 1.0},
    "inner_folds": 3,
    "margin": 0.01,
    "thresholds": [0.5],
    "seed": "test",
}


def _doc(i: int, rng: random.Random, role_in_rule: bool = True) -> TrainDoc:
    """A verdict snippet where the rule for DEFENDANT takes the role word in ("Okrivljeni Petar Petrović")
    and the annotators did not (or, ``role_in_rule=False``, the other way round), and where SANCTION_TYPE
    is right as the rules wrote it."""
    parts: list[str] = []
    gold: list[tuple[str, int, int]] = []
    rules: list[Span] = []
    pos = 0

    def put(s: str) -> int:
        nonlocal pos
        parts.append(s)
        pos += len(s)
        return pos - len(s)

    put("OSNOVNI SUD U PODGORICI\n\nP R E S U D U\n\n")
    for _ in range(3):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        at = put("Okrivljeni ")
        start = put(name)
        put(", iz Podgorice, kriv je.\n")
        wide, narrow = (at, start + len(name)), (start, start + len(name))
        rule, annotated = (wide, narrow) if role_in_rule else (narrow, wide)
        rules.append(Span("DEFENDANT", *rule, "rule:defendant.intro@3"))
        gold.append(("DEFENDANT", *annotated))
        put("Osuđuje se na ")
        at = put("kaznu zatvora")
        put(" u trajanju od 3 mjeseca.\n")
        rules.append(Span("SANCTION_TYPE", at, at + len("kaznu zatvora"), "rule:sanction.prison@3"))
        gold.append(("SANCTION_TYPE", at, at + len("kaznu zatvora")))
    text = "".join(parts)
    regions = regions_from_markers(text, load_rules("sr-Latn"))
    return TrainDoc(i, f"doc{i}.txt", text, gold, sorted(rules, key=lambda s: s.start), [], regions)


@pytest.fixture(scope="module")
def docs() -> list[TrainDoc]:
    rng = random.Random(8)
    return [_doc(i, rng) for i in range(12)]


def test_boundary_model_fixes_the_edge_the_rule_gets_wrong(docs):
    weights = fit(docs[:9], CFG)
    model = from_weights({**weights, "decision": {"DEFENDANT": {"boundary": True, "filter": False, "threshold": 0.5}}})
    for d in docs[9:]:  # verdicts the model never saw, other names
        fixed = correct_doc(model, d)
        got = sorted((s.label, s.start, s.end) for s in fixed if s.label == "DEFENDANT")
        assert got == sorted(g for g in d.gold if g[0] == "DEFENDANT")
        assert all(not d.text[s.start : s.end].startswith("Okrivljeni") for s in fixed if s.label == "DEFENDANT")
        # the label the model was not told to change keeps the rules' spans
        assert [s for s in fixed if s.label == "SANCTION_TYPE"] == [s for s in d.rules if s.label == "SANCTION_TYPE"]


def test_decision_takes_the_model_only_where_it_beats_the_rules(docs):
    decision, table = decide(docs, CFG)
    assert table["DEFENDANT"]["strict_f1"]["rules"] == 0.0
    assert table["DEFENDANT"]["chosen"] in ("boundary", "both@0.5")
    assert decision["DEFENDANT"].boundary
    # the rules are already right on SANCTION_TYPE: no option beats them by the margin
    assert table["SANCTION_TYPE"]["strict_f1"]["rules"] == 1.0
    assert table["SANCTION_TYPE"]["chosen"] == "rules"
    assert "SANCTION_TYPE" not in decision


def test_filter_drops_the_spans_annotators_never_mark(docs):
    # the rules also tag a proposal in the reasoning ("predložila da mu se izrekne kaznu zatvora"), which
    # the annotators never mark
    def with_proposal(d: TrainDoc) -> TrainDoc:
        extra = "\nTužilac je predložila da mu se izrekne kaznu zatvora.\n"
        text = d.text + extra
        at = len(d.text) + extra.index("kaznu zatvora")
        rules = [*d.rules, Span("SANCTION_TYPE", at, at + len("kaznu zatvora"), "rule:sanction.prison@3")]
        return TrainDoc(d.id, d.name, text, d.gold, rules, [], regions_from_markers(text, load_rules("sr-Latn")))

    noisy = [with_proposal(d) for d in docs]
    weights = fit(noisy[:9], CFG)
    model = from_weights({**weights, "decision": {"SANCTION_TYPE": {"boundary": False, "filter": True, "threshold": 0.5}}})
    for d in noisy[9:]:
        kept = [(s.label, s.start, s.end) for s in correct_doc(model, d) if s.label == "SANCTION_TYPE"]
        assert kept == [g for g in d.gold if g[0] == "SANCTION_TYPE"]


def test_pipeline_drafts_with_the_active_corrector(tmp_path, monkeypatch):
    """Annotators who select the role word with the name ("Okrivljeni Ilija Lakić"): once the corrector
    trained on them is promoted, the pipeline's DEFENDANT spans include it, and the record names the model."""
    from pipeline.evaluate import make_document
    from pipeline.nlp import entities
    from pipeline.train import registry

    rng = random.Random(3)
    weights = fit([_doc(i, rng, role_in_rule=False) for i in range(9)], CFG)
    weights["decision"] = {"DEFENDANT": {"boundary": True, "filter": False, "threshold": 0.5}}
    build = tmp_path / "build"
    build.mkdir()
    (build / "weights.json").write_text(json.dumps(weights), encoding="utf-8")
    meta = {"component": "ner-sr", "version": 0, "created": "2026-12-02T00:00:00Z", "backend": "sklearn",
            "kind": "span-corrector", "labels": CFG["labels"], "takeover": ["DEFENDANT"]}
    (build / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    assert load_corrector(build).labels == {"DEFENDANT"}
    monkeypatch.setenv("SPOTON_MODELS", str(tmp_path / "models"))
    version = registry.register("ner-sr", build, meta)
    text = "OSNOVNI SUD U PODGORICI\n\nP R E S U D U\n\nOkrivljeni Ilija Lakić, iz Podgorice, kriv je.\n"
    document = make_document(text, "x.txt")
    entities._load_tagger.cache_clear()
    before = entities.find_entities(document)  # nothing active yet: the rules
    registry.promote("ner-sr", version)
    entities._load_tagger.cache_clear()
    after = entities.find_entities(document)
    rule_def = [e for e in before if e.label == "DEFENDANT"]
    model_def = [e for e in after if e.label == "DEFENDANT"]
    assert [e.text for e in rule_def] == ["Ilija Lakić"]
    assert [e.text for e in model_def] == ["Okrivljeni Ilija Lakić"]
    assert model_def[0].source == f"model:ner-sr@{version}"
    # the labels the model was not given keep the rules' spans and sources
    assert [(e.label, e.text, e.source) for e in after if e.label != "DEFENDANT"] == [
        (e.label, e.text, e.source) for e in before if e.label != "DEFENDANT"]
    from pipeline.coding import build_record

    assert build_record(document).models == {"ner": f"ner-sr@{version}"}


# --------------------------------------------------------------------------- the adder (ner-sr@3)

ADDER_CFG = {
    **CFG,
    "labels": ["JUDGE", "REGISTRAR", "PROSECUTOR", "DEFENDANT"],
    "families": {"people": ["JUDGE", "REGISTRAR", "PROSECUTOR", "DEFENDANT"]},
    "windows": {"people": 3},
    "adder": {"regions": {"PROSECUTOR": ["header"]}, "crf": {"max_iterations": 60}},
}


def _adder_doc(i: int, rng: random.Random) -> TrainDoc:
    """A verdict whose introduction names the prosecutor after her office ("... u Osnovnom državnom
    tužilaštvu u Baru Vuković Marka,"): the rules find no PROSECUTOR there, the annotators marked the name."""
    from pipeline.evaluate import make_document
    from pipeline.nlp.entities import TASK_LABELS, find_entities

    name = f"{rng.choice(LAST)} {rng.choice(FIRST)}a"
    head = (f"OSNOVNI SUD U BARU, sudija {rng.choice(FIRST)} {rng.choice(LAST)}, uz učešće zapisničara "
            f"{rng.choice(FIRST)}e {rng.choice(LAST)}, u krivičnom predmetu protiv okrivljenog N. N., zbog "
            "krivičnog djela krađa iz čl. 239 st. 1 Krivičnog zakonika, nakon održanog glavnog i javnog pretresa, "
            "u prisustvu zastupnika javne optužbe Državnog tužioca u Osnovnom državnom tužilaštvu u Baru ")
    text = head + name + ", okrivljenog i njegovog branioca, donio je\n\nP R E S U D U\n\nOkrivljeni N. N., iz Bara, kriv je.\n"
    ents = find_entities(make_document(text, f"adder{i}.txt"), use_model=False)
    rules = [Span(e.label, e.start, e.end, e.source or "") for e in ents if e.label in TASK_LABELS]
    assert not any(s.label == "PROSECUTOR" for s in rules)  # what the adder is for
    gold = [("PROSECUTOR", len(head), len(head) + len(name))]
    gold += [(s.label, s.start, s.end) for s in rules if s.label in ADDER_CFG["labels"]]
    regions = regions_from_markers(text, load_rules("sr-Latn"))
    return TrainDoc(i, f"adder{i}.txt", text, gold, rules, [e for e in ents if e.label not in TASK_LABELS], regions)


@pytest.fixture(scope="module")
def adder_docs() -> list[TrainDoc]:
    rng = random.Random(11)
    return [_adder_doc(i, rng) for i in range(12)]


def test_adder_adds_the_span_the_rules_miss_and_nothing_over_rule_spans(adder_docs):
    weights = fit(adder_docs[:9], ADDER_CFG)
    weights["decision"] = {"PROSECUTOR": {"boundary": False, "filter": False, "threshold": 0.5, "add": True}}
    model = from_weights(weights, name="ner-sr@9")
    assert model.labels == {"PROSECUTOR"} and model.changed == set()
    for d in adder_docs[9:]:
        out = correct_doc(model, d)
        added = [s for s in out if s.source.startswith("model:")]
        assert [(s.label, s.start, s.end) for s in added] == [g for g in d.gold if g[0] == "PROSECUTOR"]
        assert added[0].source == "model:ner-sr@9"
        # the rules' spans are all still there, as the rules wrote them
        assert [s for s in out if not s.source.startswith("model:")] == d.rules
    # without "add" in the decision nothing is added
    weights["decision"] = {}
    assert correct_doc(from_weights(weights), adder_docs[9]) == adder_docs[9].rules


def test_decision_takes_the_adder_where_it_fixes_errors(adder_docs):
    decision, table = decide(adder_docs, ADDER_CFG)
    assert table["PROSECUTOR"]["strict_f1"]["rules"] == 0.0
    assert table["PROSECUTOR"]["chosen"].endswith("add")
    assert decision["PROSECUTOR"].add
    # the rules are right on the other labels: no option beats them
    assert all(table[lab]["chosen"] == "rules" for lab in ("JUDGE", "REGISTRAR", "DEFENDANT"))


def test_record_takes_the_prosecutor_the_adder_found(adder_docs, tmp_path, monkeypatch):
    """Promoted, a corrector with an adder gives the record's prosecutor.name the rules could not, in the
    nominative a lawyer codes, and the field names the model as its source."""
    from pipeline.coding import build_record
    from pipeline.evaluate import make_document
    from pipeline.nlp import entities
    from pipeline.train import registry
    from pipeline.train.boundary import _strip_unused

    weights = fit(adder_docs, ADDER_CFG)
    weights["decision"] = {"PROSECUTOR": {"boundary": False, "filter": False, "threshold": 0.5, "add": True}}
    _strip_unused(weights)
    build = tmp_path / "build"
    build.mkdir()
    (build / "adder.crfsuite").write_bytes(Path(weights["adder"]["file"]).read_bytes())
    weights["adder"]["file"] = "adder.crfsuite"
    (build / "weights.json").write_text(json.dumps(weights), encoding="utf-8")
    meta = {"component": "ner-sr", "version": 0, "created": "2026-12-02T00:00:00Z", "backend": "sklearn",
            "kind": "span-corrector", "labels": ADDER_CFG["labels"], "takeover": ["PROSECUTOR"]}
    (build / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setenv("SPOTON_MODELS", str(tmp_path / "models"))
    version = registry.register("ner-sr", build, meta)
    text = _adder_doc(99, random.Random(5)).text  # a verdict none of the training ones
    document = make_document(text, "new.txt")
    entities._load_tagger.cache_clear()
    assert build_record(document).case["prosecutor"]["name"].value is None  # the rules alone
    registry.promote("ner-sr", version)
    entities._load_tagger.cache_clear()
    try:
        record = build_record(document)
    finally:
        entities._load_tagger.cache_clear()
    name = record.case["prosecutor"]["name"]
    start = text.index("u Baru ") + len("u Baru ")
    written = text[start : text.index(",", start)]  # "Milić Bojana", the genitive after "tužioca"
    assert name.value == written[:-1]  # put in the nominative, as the rules' names are
    assert name.evidence[-1].text == written
    assert name.source == f"model:ner-sr@{version}"
    assert record.models == {"ner": f"ner-sr@{version}"}
