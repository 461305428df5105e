"""Entity rules on constructed sentences in each language, the trained tagger, and the contract of
find_entities (offsets into Document.text, sources, no overlaps)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from pipeline.evaluate import make_document
from pipeline.nlp.entities import ALL_LABELS, find_entities, models_dir, rule_entities, to_latin
from pipeline.nlp.rules import load_rules

REPO = Path(__file__).resolve().parents[1]


def ents(text: str, language: str = "sr", script: str = "Latn", use_model: bool = False) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in find_entities(make_document(text, "t.txt", language, script), use_model=use_model):
        assert text[e.start:e.end] == e.text
        out.setdefault(e.label, []).append(e.text)
    return out


SR_LATN = (
    "K.br. 154/17\n"
    "U IME CRNE GORE\n"
    "VIŠI SUD U PODGORICI, kao prvostepeni krivični po sudiji Tabaš Predragu, uz učešće namještenika "
    "Novčić Slobodanke kao zapisničara, u predmetu protiv optuženog M. I., zbog krivičnog djela neovlašćena "
    "proizvodnja, držanje i stavljanje u promet opojnih droga iz čl. 300. st. 1. Krivičnog zakonika Crne Gore, "
    "u prisustvu državne tužiteljke Jovanović Maje, i branioca adv. Petra Petrovića, dana 13.04.2018. godine, "
    "donio je\n"
    "P R E S U D U\n"
    "Optuženi M. I., JMBG 0101990210011, od oca P.\n"
    "O S U Đ U J E\n"
    "Na kaznu zatvora u trajanju od 6 (šest) mjeseci.\n"
    "Obavezuje se optuženi da plati troškove krivičnog postupka u iznosu od 100,00 € u roku od 15 dana, "
    "shodno čl. 226 Zakonika o krivičnom postupku.\n"
    "O b r a z l o ž e nj e\n"
    "Svjedok P. K. je naveo da je optuženi M.I. bio u stanu oštećene S. T. dana 10.04.2018. godine.\n"
    "Sa iznijetog odlučeno je kao u izreci.\n"
    "VIŠI SUD U PODGORICI\n"
    "Dana, 13.04.2018. godine\n"
    "ZAPISNIČAR S U D I J A\n"
    "Slobodanka Novčić Predrag Tabaš\n"
)


def test_serbian_latin_all_labels() -> None:
    e = ents(SR_LATN)
    assert e["CASE_NUMBER"] == ["154/17"]
    assert e["COURT"] == ["VIŠI SUD U PODGORICI", "VIŠI SUD U PODGORICI"]
    assert e["JUDGE"] == ["Tabaš Predragu", "Predrag Tabaš"]
    assert e["REGISTRAR"] == ["Novčić Slobodanke", "Slobodanka Novčić"]
    assert e["PROSECUTOR"] == ["Jovanović Maje"]
    assert e["DEFENDANT"] == ["M. I.", "M. I.", "M.I."]  # found once, every mention propagated
    assert e["CRIMINAL_ACT"] == ["neovlašćena proizvodnja, držanje i stavljanje u promet opojnih droga"]
    assert e["PROVISION_MATERIAL"] == ["čl. 300. st. 1. Krivičnog zakonika Crne Gore"]
    assert e["PROVISION_PROCEDURAL"] == ["čl. 226 Zakonika o krivičnom postupku"]
    assert e["DECISION_DATE"] == ["13.04.2018.", "13.04.2018."]
    assert e["VERDICT"] == ["O S U Đ U J E"]
    assert e["SANCTION_TYPE"] == ["kaznu zatvora"]
    assert e["SANCTION_VALUE"] == ["6 (šest) mjeseci"]
    assert e["PROCEDURE_COSTS"] == ["100,00 €"]
    assert e["PERSONAL_ID"] == ["0101990210011"]
    assert e["DEFENSE_COUNSEL"] == ["Petra Petrovića"]
    assert e["WITNESS"] == ["P. K."]
    assert e["VICTIM"] == ["S. T."]
    assert e["DATE"] == ["10.04.2018."]  # the decision date is DECISION_DATE, not DATE as well


def test_prior_conviction_is_not_this_verdicts_sanction() -> None:
    text = ("K.br. 1/20\nOsnovni sud u Baru, sudija Ana Anić, u predmetu protiv okrivljenog A. B.\nP R E S U D U\n"
            "Okrivljeni A. B., osuđivan presudom Osnovnog suda u Baru K.br. 5/15 na kaznu zatvora u trajanju "
            "od 3 mjeseca.\nO S U Đ U J E\nNa novčanu kaznu u iznosu od 400,00 (četiri stotine) eura.\n")
    e = ents(text)
    assert e["SANCTION_TYPE"] == ["novčanu kaznu"]
    assert e["SANCTION_VALUE"] == ["400,00 (četiri stotine) eura"]


SR_CYRL = (
    "К. бр. 83/12\n"
    "ОСНОВНИ СУД У БЕОГРАДУ, судија Љубица Јовановић, уз учешће записничара Марка Марковића, у кривичном "
    "предмету против окривљеног Ђ. Ж., због кривичног дела трговина људима из чл. 388 ст. 1 Кривичног "
    "законика, донео је дана 12.03.2013. године\n"
    "П Р Е С У Д У\n"
    "Окривљени Ђ. Ж. О С У Ђ У Ј Е на казну затвора у трајању од 3 (три) године.\n"
)


def test_serbian_cyrillic_through_the_latin_layer() -> None:
    e = ents(SR_CYRL, script="Cyrl")
    assert e["CASE_NUMBER"] == ["83/12"]
    assert e["COURT"] == ["ОСНОВНИ СУД У БЕОГРАДУ"]
    assert e["JUDGE"] == ["Љубица Јовановић"]
    assert e["REGISTRAR"] == ["Марка Марковића"]
    assert e["DEFENDANT"] == ["Ђ. Ж.", "Ђ. Ж."]
    assert e["CRIMINAL_ACT"] == ["трговина људима"]
    assert e["PROVISION_MATERIAL"] == ["чл. 388 ст. 1 Кривичног законика"]
    assert e["DECISION_DATE"] == ["12.03.2013."]
    assert e["SANCTION_TYPE"] == ["казну затвора"] and e["SANCTION_VALUE"] == ["3 (три) године"]


def test_transliteration_maps_every_latin_character_back() -> None:
    latin, back = to_latin("ЉУБИЦА Љубица џ")
    assert latin == "LJUBICA Ljubica dž"
    assert len(back) == len(latin) and back[1] == 0 and back[-1] == len("ЉУБИЦА Љубица џ") - 1


MK = (
    "К.бр. 60/14\n"
    "Основниот кривичен суд Скопје, судија Ана Петровска, со записничар Елена Стојанова, во кривичниот "
    "предмет против обвинетиот Б. Д., за кривично дело трговија со луѓе по член 418-а став 1 од КЗ, "
    "во присуство на јавниот обвинител Марко Николов, донесена на 15.05.2014 година\n"
    "П Р Е С У Д А\n"
    "Обвинетиот Б. Д. се огласува за виновен и се осудува на казна затвор во траење од 4 (четири) години.\n"
    "Обвинетиот се задолжува да ги плати трошоците во износ од 5.000 денари.\n"
)


def test_macedonian() -> None:
    e = ents(MK, language="mk", script="Cyrl")
    assert e["CASE_NUMBER"] == ["60/14"]
    assert e["COURT"] == ["Основниот кривичен суд Скопје"]
    assert e["JUDGE"] == ["Ана Петровска"]
    assert e["REGISTRAR"] == ["Елена Стојанова"]
    assert e["PROSECUTOR"] == ["Марко Николов"]
    assert e["DEFENDANT"] == ["Б. Д.", "Б. Д."]
    assert e["CRIMINAL_ACT"] == ["трговија со луѓе"]
    assert e["PROVISION_MATERIAL"] == ["член 418-а став 1 од КЗ"]
    assert e["VERDICT"] == ["се огласува за виновен"]
    assert e["SANCTION_TYPE"] == ["казна затвор"] and e["SANCTION_VALUE"] == ["4 (четири) години"]
    assert e["DECISION_DATE"] == ["15.05.2014"]
    assert e["PROCEDURE_COSTS"] == ["5.000 денари"]


SQ = (
    "Nr. 56440-00372-00-2021\n"
    "NË EMËR TË REPUBLIKËS\n"
    "Gjykata e Shkallës së Parë për Krime të Rënda Tiranë, e përbërë nga gjyqtari Artan Hoxha, "
    "me sekretare gjyqësore Elira Kola, me prokuror Besnik Dervishi, gjykoi çështjen penale ndaj "
    "të pandehurit A. M., akuzuar për veprën penale trafikimi i personave të rritur, parashikuar nga "
    "neni 110/a i Kodit Penal.\n"
    "VENDOSI\n"
    "Deklarimin fajtor të të pandehurit A. M. dhe dënimin e tij me burgim për 8 vjet.\n"
    "Shpenzimet gjyqësore në shumën 3.000 lekë i ngarkohen të pandehurit.\n"
)


def test_albanian() -> None:
    e = ents(SQ, language="sq")
    assert e["CASE_NUMBER"] == ["56440-00372-00-2021"]
    assert e["COURT"] == ["Gjykata e Shkallës së Parë për Krime të Rënda Tiranë"]
    assert e["JUDGE"] == ["Artan Hoxha"]
    assert e["REGISTRAR"] == ["Elira Kola"]
    assert e["PROSECUTOR"] == ["Besnik Dervishi"]
    assert e["DEFENDANT"] == ["A. M.", "A. M."]
    assert e["CRIMINAL_ACT"] == ["trafikimi i personave të rritur"]
    assert e["PROVISION_MATERIAL"] == ["neni 110/a i Kodit Penal"]
    assert "Deklarimin fajtor" in e["VERDICT"][0]
    assert e["SANCTION_TYPE"] == ["burgim"] and e["SANCTION_VALUE"] == ["8 vjet"]
    assert e["PROCEDURE_COSTS"] == ["3.000 lekë"]


def test_entities_do_not_overlap_and_name_their_source() -> None:
    spans = find_entities(make_document(SR_LATN, "t.txt"), use_model=True)
    last = -1
    for e in spans:
        assert e.start >= last and e.label in ALL_LABELS
        assert e.source and (e.source.startswith("rule:") or e.source.startswith("model:"))
        assert "@" in e.source
        last = e.end


def test_empty_document() -> None:
    assert find_entities(make_document("", "t.txt"), use_model=False) == []


def test_every_pattern_file_compiles() -> None:
    for name in ("sr-Latn", "mk", "sq"):
        rs = load_rules(name)
        assert rs.rules and all(r.source.startswith(f"rule:{r.id}@") for r in rs.rules)


def test_trained_model_loads_from_models_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.nlp.tagger import load_tagger

    def no_network(*args, **kwargs):
        raise AssertionError("the tagger tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    from pipeline.train.registry import active_path

    active = active_path("ner-sr")  # models/ner-sr/<active version>/
    assert active is not None and active.parent == models_dir() / "ner-sr"
    path = models_dir() / "ner-sr" / "1"  # the CRF of ner-sr@1 (the learning curve's model) stays loadable
    meta = json.loads((path / "meta.json").read_text())
    assert meta["trained_on"]["split"] == "dev"
    assert set(meta["takeover"]) <= set(meta["labels"])
    for lab, m in meta["decision"]["per_label"].items():  # the decision is recorded and follows the data
        assert (lab in meta["takeover"]) == (m["model"]["f1"] >= m["rules"]["f1"] + meta["config"]["margin"])
    assert sum(f.stat().st_size for f in path.iterdir()) < 20 * 1024**2
    tagger = load_tagger(path)
    spans = tagger.tag(SR_LATN, rule_entities(SR_LATN))  # the tagger is stacked on the rules' output
    assert spans and all(lab in meta["labels"] for lab, _, _ in spans)
    sources = {e.source for e in find_entities(make_document(SR_LATN, "t.txt"), use_model=True)}
    assert all(s.startswith(("rule:", "model:ner-sr@")) for s in sources)


def test_active_span_corrector_records_its_decision() -> None:
    """The shipped default (ner-sr@2): a span corrector whose labels are exactly those the recorded
    cross-validated decision gave it, and which only moves or drops rule spans, never adds one."""
    from pipeline.nlp.boundary import KIND, load_corrector
    from pipeline.train.registry import active_path

    path = active_path("ner-sr")
    meta = json.loads((path / "meta.json").read_text())
    if meta.get("kind") != KIND:
        pytest.skip(f"the active ner-sr is a {meta.get('kind')}, not the span corrector")
    corrector = load_corrector(path)
    table = meta["extra"]["decision"]["per_label"]
    assert corrector.labels == set(meta["takeover"]) == {lab for lab, t in table.items() if t["chosen"] != "rules"}
    assert sum(f.stat().st_size for f in path.iterdir()) < 20 * 1024**2
    document = make_document(SR_LATN, "t.txt")
    rules = find_entities(document, use_model=False)
    model = find_entities(document, use_model=True)
    assert len(model) <= len(rules)
    for e in model:
        if e.source.startswith("model:"):
            assert e.label in corrector.labels
            assert any(r.label == e.label and r.start < e.end and e.start < r.end for r in rules)
