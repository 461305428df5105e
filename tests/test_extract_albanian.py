"""Albanian verdicts (issue 10): what the dev-set misses showed, on our own fictitious sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.coding import build_record
from pipeline.config import RunConfig
from pipeline.ingest import ingest
from pipeline.nlp.normalize import find_case_numbers, normalize_court


def record(tmp_path: Path, text: str):
    path = tmp_path / "vendim.txt"
    path.write_text(text, encoding="utf-8")
    return build_record(ingest(path, RunConfig()))


HEADER = """REPUBLIKA E SHQIPËRISË
GJYKATA E SHKALLËS SË PARË
E JURIDIKSIONIT TË PËRGJITHSHËM
BERAT

Nr. 12345-00077-00-2024 i Regj. Themeltar
Nr. 410 i Vendimit

# V E N D I M
# NË EMËR TË REPUBLIKËS

Gjykata e Shkallës së Parë e Juridiksionit të Përgjithshëm Berat, e përbërë nga gjyqtari Luan Malaj, me sekretare gjyqësore Brunilda Topi, në seancën gjyqësore të datës 03.04.2024, mori në shqyrtim çështjen penale që i përket:

AKUZA: Prokuroria pranë Gjykatës së Shkallës së Parë të Juridiksionit të Përgjithshëm Berat, përfaqësuar nga prokurori Ilir Rama.

I PANDEHURI: Genc Dado, i biri i Petritit, lindur më 02.02.1991 në Berat, shtetas shqiptar.

# V Ë R E N

Gjykata çmon se akuza është provuar.

# V E N D O S I

1. Deklarimin fajtor të të pandehurit Genc Dado për kryerjen e veprës penale “Trafikimi i personave të rritur”, parashikuar nga neni 110/a/1 i Kodit Penal, dhe dënimin e tij me 9 (nëntë) vjet burgim.

Berat, më 03.04.2024
"""


def test_a_letterhead_court_over_three_lines_keeps_jurisdiction_and_seat(tmp_path: Path) -> None:
    rec = record(tmp_path, HEADER)
    assert rec.case["court"].value == "Gjykata e Shkallës së Parë e Juridiksionit të Përgjithshëm Berat"
    assert rec.case["court_level"].value == "basic"


@pytest.mark.parametrize(
    ("text", "name", "level"),
    [
        ("GJYKATA E APELIT E JURIDIKSIONIT TË PËRGJITHSHËM\nTIRANË",
         "Gjykata e Apelit e Juridiksionit të Përgjithshëm Tiranë", "appellate"),
        ("Gjykata e Apelit Korçë", "Gjykata e Apelit Korçë", "appellate"),
        ("Gjykata e Posaçme e Shkallës së Parë për Korrupsionin dhe Krimin e Organizuar, me seli në Tiranë",
         "Gjykata e Posaçme e Shkallës së Parë për Korrupsionin dhe Krimin e Organizuar Tiranë", "special"),
        ("GJYKATËS SË POSAÇME TË APELIT PËR KORRUPSIONIN DHE KRIMIN E ORGANIZUAR\nTIRANË",
         "Gjykata e Posaçme e Apelit për Korrupsionin dhe Krimin e Organizuar Tiranë", "special"),
    ],
)
def test_every_albanian_court_keeps_its_seat(text: str, name: str, level: str) -> None:
    court = normalize_court(text)
    assert court is not None
    assert (court.name, court.level, court.country) == (name, level, "AL")


def test_register_number_and_decision_number_are_told_apart() -> None:
    found = find_case_numbers("Nr. 64 i Regj. Themeltar\nNr. 201 i Vendimit\nçështjen penale nr. 64 Akti")
    assert [(c.raw, c.kind) for c in found] == [
        ("Nr. 64 i Regj. Themeltar", "other"), ("Nr. 201 i Vendimit", "decision"), ("nr. 64 Akti", "other")]
    assert found[0].key == found[2].key  # the register number and the act number are one number


def test_the_case_number_is_the_register_number_not_the_decision_number(tmp_path: Path) -> None:
    text = HEADER.replace("Nr. 12345-00077-00-2024 i Regj. Themeltar", "Nr. 77 i Regj. Themeltar, datë 10.01.2024")
    rec = record(tmp_path, text)
    assert rec.case["case_number"].value == "Nr. 77 i Regj. Themeltar"


@pytest.mark.parametrize(
    "panel",
    [
        "e përbërë nga gjyqtarët Luan Malaj (kryesues), Elda Kola dhe Genti Rrapaj (anëtarë)",
        "me trup gjykues të përbërë nga Luan Malaj (kryesues), Elda Kola dhe Genti Rrapaj",
    ],
)
def test_a_panel_with_the_roles_in_brackets_keeps_every_member(tmp_path: Path, panel: str) -> None:
    rec = record(tmp_path, HEADER.replace("e përbërë nga gjyqtari Luan Malaj", panel))
    assert rec.case["judges"].value == ["Luan Malaj", "Elda Kola", "Genti Rrapaj"]


def test_the_special_prosecution_office_and_a_capitalised_office(tmp_path: Path) -> None:
    spak = HEADER.replace(
        "Prokuroria pranë Gjykatës së Shkallës së Parë të Juridiksionit të Përgjithshëm Berat",
        "Prokuroria e Posaçme kundër Korrupsionit dhe Krimit të Organizuar (SPAK)")
    rec = record(tmp_path, spak)
    assert rec.case["prosecutor"]["office"].value == "Prokuroria e Posaçme kundër Korrupsionit dhe Krimit të Organizuar"
    assert rec.case["prosecutor"]["name"].value == "Ilir Rama"
    capitals = HEADER.replace(
        "AKUZA: Prokuroria pranë Gjykatës së Shkallës së Parë të Juridiksionit të Përgjithshëm Berat",
        "PROKURORIA PRANË GJYKATËS SË RRETHIT GJYQËSOR BERAT")
    rec = record(tmp_path, capitals)
    assert rec.case["prosecutor"]["office"].value == "PROKURORIA PRANË GJYKATËS SË RRETHIT GJYQËSOR BERAT"
    assert rec.case["prosecutor"]["name"].value == "Ilir Rama"


def test_the_appellant_role_word_is_not_a_defendant(tmp_path: Path) -> None:
    rec = record(tmp_path, HEADER.replace("I PANDEHURI: Genc Dado", "I PANDEHURI APELUES: G.D."))
    assert [d["name"].value for d in rec.defendants] == ["G.D."]


def test_a_table_of_defendants(tmp_path: Path) -> None:
    table = ("TË PANDEHURIT:\n\nNr.\tEmri\tViti i lindjes\tMbrojtësi\n1.\tG.D.\t1991, Berat\tav. Sokol Lami\n"
             "2.\tA.V.\t1988, Fier\tav. Rita Dema")
    text = HEADER.replace("I PANDEHURI: Genc Dado, i biri i Petritit, lindur më 02.02.1991 në Berat, shtetas shqiptar.",
                          table).replace("të pandehurit Genc Dado", "të pandehurve G.D. dhe A.V.")
    rec = record(tmp_path, text)
    assert [d["name"].value for d in rec.defendants] == ["G.D.", "A.V."]


APPEAL = """REPUBLIKA E SHQIPËRISË
GJYKATA E APELIT KORÇË

Nr. 310 i Regj. Themeltar
Nr. 522 i Vendimit

# V E N D I M
# NË EMËR TË REPUBLIKËS

Gjykata e Apelit Korçë, e përbërë nga gjyqtarët Ardian Nika (kryesues), Mira Qose dhe Besim Lala (anëtarë), me sekretare gjyqësore Ela Duka, në seancën gjyqësore të datës 12.06.2021, shqyrtoi çështjen penale që i përket:

I PANDEHURI/APELUES: L.K., i biri i M., lindur në vitin 1979 në Pogradec, shtetas shqiptar.

OBJEKTI: Ankim kundër vendimit nr. 88, datë 02.02.2021, të Gjykatës së Rrethit Gjyqësor Pogradec, me të cilin i pandehuri L.K. është deklaruar fajtor për veprën penale “Shfrytëzimi i prostitucionit”, parashikuar nga neni 114 i Kodit Penal, dhe është dënuar me 4 (katër) vjet burgim.

# V Ë R E N

Shkaqet e ankimit nuk qëndrojnë.

# V E N D O S I

{operative}

Korçë, më 12.06.2021
"""


@pytest.mark.parametrize(
    ("operative", "months"),
    [
        ("Lënien në fuqi të vendimit nr. 88, datë 02.02.2021, të Gjykatës së Rrethit Gjyqësor Pogradec.", 48),
        ("Ndryshimin e vendimit nr. 88, datë 02.02.2021, vetëm në lidhje me masën e dënimit, duke e dënuar të "
         "pandehurin L.K. për veprën penale “Shfrytëzimi i prostitucionit”, parashikuar nga neni 114 i Kodit "
         "Penal, me 3 (tre) vjet burgim.", 36),
    ],
)
def test_an_appeal_that_upholds_the_conviction_keeps_its_outcome_and_sentence(
    tmp_path: Path, operative: str, months: int
) -> None:
    rec = record(tmp_path, APPEAL.format(operative=operative))
    (defendant,) = rec.defendants
    assert [c["outcome"].value for c in defendant["charges"]] == ["convicted"]
    assert defendant["sentence"]["type"].value == "prison"
    assert defendant["sentence"]["prison_months"].value == months


def test_an_appeal_that_quashes_the_decision_has_no_outcome(tmp_path: Path) -> None:
    operative = "Prishjen e vendimit nr. 88, datë 02.02.2021, dhe dërgimin e çështjes për rigjykim."
    rec = record(tmp_path, APPEAL.format(operative=operative))
    (defendant,) = rec.defendants
    assert [c["outcome"].value for c in defendant["charges"]] in ([], [None])
