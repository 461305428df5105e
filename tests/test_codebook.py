"""The codebook file: every field of the contract, labels in five languages, enums, statutes, validation."""

from __future__ import annotations

import re

import pytest
import yaml

from pipeline.coding.codebook import LANGUAGES, Problem, codebook, load_codebook, validate
from pipeline.errors import ConfigError

# field names the spec (CODEBOOK.md) and the record contract (CONTRACT.md) rely on
CONTRACT_FIELDS = [
    "case.country", "case.language", "case.script", "case.court", "case.court_level", "case.case_number",
    "case.decision_type", "case.instance", "case.decision_date", "case.final_date", "case.indictment.number",
    "case.indictment.date", "case.indictment.office", "case.judges", "case.registrar", "case.prosecutor.office",
    "case.prosecutor.name", "case.public_excluded", "case.offence_period.start", "case.offence_period.end",
    "case.trafficking_related", "case.organised_group", "case.transnational", "case.costs.amount",
    "case.duration_days",
    "defendant.name", "defendant.sex", "defendant.birth_year", "defendant.age", "defendant.citizenship",
    "defendant.prior_convictions", "defendant.detention_days", "defendant.defense_counsel",
    "defendant.plea_agreement", "defendant.confession", "defendant.charges", "defendant.sentence.type",
    "defendant.sentence.prison_months", "defendant.sentence.suspended", "defendant.sentence.probation_months",
    "defendant.sentence.fine", "defendant.sentence.confiscation", "defendant.sentence.security_measures",
    "defendant.aggravating", "defendant.mitigating",
    "charge.offence", "charge.provision", "charge.attempt", "charge.complicity", "charge.outcome",
    "victim.name", "victim.sex", "victim.age", "victim.minor", "victim.citizenship", "victim.exploitation",
    "victim.relationship_to_defendant", "victim.testified", "victim.protected_witness",
    "victim.legal_representative", "victim.compensation.claimed", "victim.compensation.amount",
    "victim.compensation.outcome", "victim.compensation.awarded",
]

SPEC_ENUMS = {
    "case.country": ["RS", "MK", "AL", "ME", "XK", "BA", "other"],
    "case.court_level": ["basic", "higher", "appellate", "supreme", "special"],
    "case.instance": ["first", "second", "third"],
    "charge.outcome": ["convicted", "acquitted", "charges_rejected", "discontinued", "requalified"],
    "defendant.sentence.type": ["prison", "fine", "conditional", "community_service", "house_arrest",
                                "juvenile_measure", "none"],
    "victim.exploitation": ["sexual", "labour", "begging", "criminal_activities", "forced_marriage", "pornography",
                            "slavery", "organ_removal", "illegal_adoption", "other"],
    "victim.relationship_to_defendant": ["partner", "family", "acquaintance", "employer", "stranger", "other"],
    "victim.testified": ["at_trial", "statement_read", "not_heard"],
    "victim.compensation.outcome": ["granted", "partly_granted", "referred_to_civil", "rejected", "not_decided",
                                    "not_claimed"],
}

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN_LETTER = re.compile(r"[A-Za-zčćšžđČĆŠŽĐ]")


def test_version_and_levels() -> None:
    cb = codebook()
    assert re.fullmatch(r"\d+\.\d+\.\d+", cb.version)
    assert cb.levels == ["case", "defendant", "charge", "victim"]
    assert codebook() is cb  # loaded once


@pytest.mark.parametrize("path", CONTRACT_FIELDS)
def test_contract_field_exists_with_five_labels(path: str) -> None:
    cb = codebook()
    f = cb.field(path)
    for lang in LANGUAGES:
        assert cb.label(path, lang).strip(), (path, lang)
    # sr-Cyrl labels are Cyrillic, sr-Latn and sq are Latin, mk is Cyrillic
    assert CYRILLIC.search(f.labels["sr-Cyrl"]) and not LATIN_LETTER.search(f.labels["sr-Cyrl"])
    assert CYRILLIC.search(f.labels["mk"])
    assert not CYRILLIC.search(f.labels["sr-Latn"]) and not CYRILLIC.search(f.labels["sq"])


@pytest.mark.parametrize(("path", "values"), list(SPEC_ENUMS.items()))
def test_spec_enums(path: str, values: list[str]) -> None:
    assert codebook().enum(path) == values


def test_every_enum_value_has_five_labels() -> None:
    cb = codebook()
    for name, values in cb.enums.items():
        assert set(cb.enum_labels[name]) >= set(LANGUAGES)
        for value in values:
            for lang in LANGUAGES:
                assert cb.value_label(name, value, lang).strip(), (name, value, lang)


def test_labels_in_the_right_terms() -> None:
    cb = codebook()
    assert cb.label("case.registrar", "sr-Latn") == "Zapisničar"
    assert cb.label("case.registrar", "mk") == "Записничар"
    assert cb.label("defendant.defense_counsel", "sq") == "Mbrojtësi"
    assert cb.value_label("victim.compensation.outcome", "referred_to_civil", "sr-Latn") == "Upućen na parnični postupak"
    assert cb.value_label("charge.outcome", "acquitted", "mk") == "Ослободен од обвинение"
    assert cb.value_label("defendant.sentence.type", "conditional", "sr-Cyrl") == "Условна осуда"
    # detector language tags fall back to a label language
    assert cb.label("case.court", "cnr") == cb.label("case.court", "sr-Latn") == "Sud"
    assert cb.label("victim", "sq") == "I dëmtuari (viktima)"


def test_record_paths_and_pseudonymised_fields() -> None:
    cb = codebook()
    assert cb.field("defendants[0].sentence.prison_months").path == "defendant.sentence.prison_months"
    assert cb.field("defendants[1].charges[0].outcome").path == "charge.outcome"
    assert cb.field("victims[2].compensation.outcome").path == "victim.compensation.outcome"
    assert [f.path for f in cb.pseudonymised()] == ["victim.name"]
    with pytest.raises(KeyError):
        cb.field("case.no_such_field")


@pytest.mark.parametrize(
    ("code", "article", "country", "offence"),
    [
        ("RS-KZ", "388", None, "trafficking"),
        ("KZ", "388", "RS", "trafficking"),
        ("RS-KZ", "350", None, "smuggling"),
        ("RS-KZ", "184", None, "prostitution_mediation"),
        ("ME-KZ", "444", None, "trafficking"),
        ("KZ CG", "444", None, "trafficking"),
        ("MK-KZ", "418-а", None, "trafficking"),
        ("MK-KZ", "418a", None, "trafficking"),
        ("КЗ", "418 б", "MK", "smuggling"),
        ("MK-KZ", "418-в", None, "trafficking_group"),
        ("MK-KZ", "418-г", None, "trafficking_child"),
        ("MK-KZ", "191", None, "prostitution_mediation"),
        ("AL-KP", "110/a", None, "trafficking_adults"),
        ("AL-KP", "128/b", None, "trafficking_minors"),
        ("AL-KP", "114/a", None, "prostitution_exploitation"),
        ("RS-KZ", "389", None, "trafficking_minors_adoption"),
        ("ME-KZ", "287", None, None),
        ("KZ", "388", None, None),  # which country's 388? not said
        ("RS-ZKP", "388", None, None),
        (None, "388", None, None),
    ],
)
def test_trafficking_offence(code: str | None, article: str, country: str | None, offence: str | None) -> None:
    assert codebook().trafficking_offence(code, article, country=country) == offence


def test_statutes_agree_with_enums() -> None:
    cb = codebook()
    rows = cb.statute_provisions()
    assert {r["offence"] for r in rows} <= set(cb.enum("offence"))
    assert {r["family"] for r in rows} <= set(cb.enum("offence_family"))
    assert cb.offence_family("smuggling") == "smuggling"
    assert cb.general_part_role("ME-KZ", "20") == "attempt"
    assert cb.general_part_role("AL-KP", "25") == "complicity"


def _record() -> dict:
    fv = lambda v: {"value": v, "confidence": 0.9, "evidence": [], "source": "rule:test@1", "status": "draft"}  # noqa: E731
    return {
        "schema": "spoton.record/1",
        "document_id": "5f1c",
        "case": {
            "court": fv("Osnovni sud u Herceg Novom"),
            "case_number": fv("K 124/20"),
            "decision_date": fv("2021-07-28"),
            "judges": fv(["Vesna Gazdić"]),
            "registrar": fv("Vjera Bosanac"),
            "trafficking_related": fv(False),
            "offence_family": fv(["trafficking"]),
            "costs": {"amount": fv({"amount": "30.00", "currency": "EUR"})},
        },
        "defendants": [{
            "name": fv("G.Ž."),
            "charges": [{
                "offence": fv("nasilje u porodici ili u porodičnoj zajednici"),
                "provision": fv({"code": "ME-KZ", "article": "220", "paragraph": "2"}),
                "outcome": fv("convicted"),
            }],
            "sentence": {"type": {"value": "conditional"}, "prison_months": {"value": 6},
                         "probation_months": {"value": 24}},
        }],
        "victims": [{"name": {"value": "G.A."}, "compensation": {"outcome": {"value": "referred_to_civil"}}}],
        "entities": [],
        "sentences": [],
    }


def test_validate_accepts_the_contract_record() -> None:
    assert validate(_record()) == []


def test_validate_finds_unknown_fields_bad_enums_and_types() -> None:
    rec = _record()
    rec["case"]["judge"] = {"value": "X"}
    rec["case"]["decision_date"]["value"] = "28.07.2021"
    rec["defendants"][0]["sentence"]["type"]["value"] = "jail"
    rec["defendants"][0]["charges"][0]["outcome"]["value"] = "guilty"
    rec["defendants"][0]["sentence"]["prison_months"]["value"] = "six"
    rec["victims"][0]["compensation"]["awarded"] = {"value": {"amount": "x", "currency": "EUR"}}
    rec["victims"][0]["minor"] = {"value": "yes"}
    rec["case"]["costs"]["amount"]["value"]["currency"] = "DEM"
    problems = validate(rec)
    got = {(p.path, p.code) for p in problems}
    assert got == {
        ("case.judge", "unknown_field"),
        ("case.decision_date", "bad_type"),
        ("defendants[0].sentence.type", "bad_enum"),
        ("defendants[0].charges[0].outcome", "bad_enum"),
        ("defendants[0].sentence.prison_months", "bad_type"),
        ("victims[0].compensation.awarded", "bad_type"),
        ("victims[0].minor", "bad_type"),
        ("case.costs.amount", "bad_enum"),
    }
    assert all(isinstance(p, Problem) and str(p).startswith(p.path) for p in problems)


def test_validate_list_items_and_status() -> None:
    rec = _record()
    rec["victims"][0]["exploitation"] = {"value": ["sexual", "mining"]}
    rec["case"]["court"]["status"] = "approved"
    got = {(p.path, p.code) for p in validate(rec)}
    assert got == {("victims[0].exploitation[1]", "bad_enum"), ("case.court", "bad_type")}


def test_validate_a_record_model() -> None:
    from pipeline.model import FieldValue, Record, SourceRef

    rec = Record(document_id="x", source=SourceRef(path="a.pdf", sha256="0" * 64, format="pdf"),
                 pipeline_version="0", case={"court": FieldValue(value="Viši sud u Beogradu"),
                                             "instance": FieldValue(value="fourth")})
    assert [(p.path, p.code) for p in validate(rec)] == [("case.instance", "bad_enum")]


def test_a_broken_codebook_file_is_refused(tmp_path) -> None:
    from importlib import resources

    data = yaml.safe_load((resources.files("pipeline") / "resources" / "codebook.yaml").read_text(encoding="utf-8"))
    del data["fields"]["case"][0]["label"]["mk"]
    data["fields"]["victim"][0]["type"] = "texte"
    with pytest.raises(ConfigError, match="no label in mk.*|unknown type texte"):
        load_codebook(data)
