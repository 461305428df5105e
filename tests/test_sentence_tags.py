"""Sentence tags: the phrases of the codebook and of real verdicts, per language and section."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.nlp.structure import segment_text
from pipeline.nlp.tags import load_classifier, tag_names, tag_rules, tag_sentence, tag_sentences, triggers_of

SHARED = Path(__file__).resolve().parents[2] / "shared"
VERDICTS = SHARED / "corpora" / "me-verdicts"

CASES = [
    # (language, section, sentence, expected tag)
    ("sr", "operative", "Okrivljeni G.Ž. oglašava se krivim", "conviction"),
    ("sr", "operative", "K r i v j e", "conviction"),
    ("sr", "operative", "К Р И В И   С У", "conviction"),
    ("sr", "operative", "O S U Đ U J E", "conviction"),
    ("sr", "operative", "OSUDJUJE SE na kaznu zatvora u trajanju od 6 (šest) mjeseci.", "sentence_prison"),
    ("sr", "operative", "ОСЛОБАЂА СЕ ОД ОПТУЖБЕ", "acquittal"),
    ("sr", "operative", "OSLOBAĐA SE OD OPTUŽBE", "acquittal"),
    ("sr", "operative", "Optužba se odbija.", "rejection"),
    ("sr", "operative", "na novčanu kaznu u iznosu od 600,00 €.", "sentence_fine"),
    ("sr", "operative", "USLOVNU OSUDU", "conditional_sentence"),
    (
        "sr",
        "operative",
        "Kojom mu utvrđuje kaznu zatvora od 6 mjeseci i određuje da se ova kazna neće izvršiti.",
        "conditional_sentence",
    ),
    (
        "sr",
        "operative",
        "Oštećena se radi ostvarivanja imovinskopravnog zahtjeva upućuje na parnični postupak.",
        "compensation_referred_to_civil",
    ),
    (
        "sr",
        "operative",
        "Oštećena se radi ostvarivanja imovinskopravnog zahtjeva upućuje na parnični postupak.",
        "compensation_claim",
    ),
    (
        "sr",
        "operative",
        "Obavezuje se okrivljeni da oštećenoj isplati na ime naknade nematerijalne štete 2.000 eura.",
        "compensation_granted",
    ),
    (
        "sr",
        "operative",
        "Imovinskopravni zahtjev oštećene djelimično se usvaja, pa se obavezuje okrivljeni da plati.",
        "compensation_partly",
    ),
    ("sr", "operative", "Odbija se imovinskopravni zahtjev oštećene kao neosnovan.", "compensation_rejected"),
    ("sr", "reasoning", "Presuda je donijeta na osnovu sporazuma o priznanju krivice.", "plea_agreement"),
    (
        "sr",
        "reasoning",
        "Okrivljeni je u svojoj odbrani u cjelosti priznao izvršenje krivičnog djela.",
        "confession",
    ),
    ("sr", "reasoning", "U dokaznom postupku saslušana je svjedok oštećena B.", "victim_testimony_at_trial"),
    (
        "sr",
        "reasoning",
        "Sud je pročitao iskaz oštećene G.A. dat pred istražnim sudijom.",
        "victim_statement_read",
    ),
    ("sr", "reasoning", "Oštećena nije saslušana jer je nepoznatog boravišta.", "victim_not_heard"),
    (
        "sr",
        "reasoning",
        "Oštećena je saslušana kao zaštićeni svjedok, uz isključenje javnosti.",
        "protective_measures",
    ),
    ("sr", "reasoning", "Kao otežavajuću okolnost sud je cijenio raniju osuđivanost.", "aggravating"),
    ("sr", "reasoning", "Kao olakšavajuće okolnosti sud je cijenio da je otac dvoje djece.", "mitigating"),
    (
        "sr",
        "operative",
        "vrbovao je oštećenu radi seksualne eksploatacije i prostitucije",
        "exploitation_sexual",
    ),
    ("sr", "operative", "primoravao maloljetnu djecu na prosjačenje", "exploitation_begging"),
    ("sr", "operative", "držao radnike na prinudnom radu", "exploitation_labour"),
    ("sr", "operative", "čime je izvršio krivično djelo trgovina ljudima iz čl. 444 KZ CG", "trafficking"),
    ("sr", "operative", "MJERA BEZBJEDNOSTI ODUZIMANJE PREDMETA", "security_measure"),
    ("mk", "operative", "Обвинетиот Б.С. СЕ ОГЛАСУВА ЗА ВИНОВЕН", "conviction"),
    ("mk", "operative", "СЕ ОСЛОБОДУВА ОД ОБВИНЕНИЕ", "acquittal"),
    ("mk", "operative", "Обвинението се одбива.", "rejection"),
    ("mk", "operative", "СЕ ОСУДУВА на казна затвор во траење од 4 години.", "sentence_prison"),
    ("mk", "operative", "Му се изрекува условна осуда.", "conditional_sentence"),
    (
        "mk",
        "operative",
        "Оштетената за имотноправното барање се упатува на парница.",
        "compensation_referred_to_civil",
    ),
    ("mk", "reasoning", "Судот ги ценеше олеснувачките околности.", "mitigating"),
    ("mk", "reasoning", "Како отежнувачка околност судот ја зеде упорноста.", "aggravating"),
    ("mk", "reasoning", "Обвинетиот склучи спогодба за признавање вина.", "plea_agreement"),
    ("mk", "operative", "ја врбувал оштетената заради сексуална експлоатација", "exploitation_sexual"),
    ("mk", "operative", "кривично дело трговија со луѓе", "trafficking"),
    ("mk", "reasoning", "Оштетената беше сослушана како заштитен сведок.", "protective_measures"),
    ("sq", "operative", "1. Deklarimin fajtor të të pandehurit E.M.", "conviction"),
    ("sq", "operative", "2. Dënimin e tij me 12 vjet burgim.", "sentence_prison"),
    ("sq", "operative", "Deklarimin të pafajshëm të të pandehurit.", "acquittal"),
    ("sq", "operative", "Pezullimin e ekzekutimit të dënimit dhe vënien në provë.", "conditional_sentence"),
    ("sq", "operative", "Dënimin me gjobë në shumën 100 000 lekë.", "sentence_fine"),
    (
        "sq",
        "reasoning",
        "Gjykata çmon si rrethanë rënduese faktin se e dëmtuara ishte e mitur.",
        "aggravating",
    ),
    ("sq", "reasoning", "Si rrethanë lehtësuese u mor parasysh mosha.", "mitigating"),
    ("sq", "reasoning", "Të pandehurit lidhën marrëveshje me prokurorin.", "plea_agreement"),
    ("sq", "operative", "rekrutoi të dëmtuarën për shfrytëzim për prostitucion", "exploitation_sexual"),
    ("sq", "operative", "veprën penale trafikimi i personave të rritur", "trafficking"),
    ("sq", "reasoning", "E dëmtuara u dëgjua si dëshmitare e mbrojtur.", "protective_measures"),
]


@pytest.mark.parametrize(("lang", "section", "sentence", "tag"), CASES)
def test_phrase_gets_its_tag(lang, section, sentence, tag):
    assert tag in tag_sentence(sentence, section, lang), tag_sentence(sentence, section, lang)


NEGATIVE = [
    (
        "sr",
        "reasoning",
        "Okrivljeni nije priznao izvršenje krivičnog djela, već je negirao navode.",
        "confession",
    ),
    ("sr", "reasoning", "Otežavajućih okolnosti na strani okrivljenog nije bilo.", "aggravating"),
    ("sr", "reasoning", "Sud nije našao otežavajuće okolnosti.", "aggravating"),
    ("sr", "operative", "Kojom mu utvrđuje kaznu zatvora od 3 mjeseca.", "sentence_prison"),
    ("sr", "reasoning", "Sud je pročitao iskaz oštećene, koja nije pristupila.", "victim_testimony_at_trial"),
    ("sq", "operative", "Deklarimin të pafajshëm të të pandehurit.", "conviction"),
    ("mk", "reasoning", "Обвинетиот не го призна делото.", "confession"),
]


@pytest.mark.parametrize(("lang", "section", "sentence", "tag"), NEGATIVE)
def test_negated_phrase_does_not_get_the_tag(lang, section, sentence, tag):
    assert tag not in tag_sentence(sentence, section, lang)


def test_scope_keeps_conviction_to_the_operative_part():
    sentence = "Sud je okrivljenog oglasio krivim i osudio ga, jer je kriv je za djelo."
    assert "conviction" not in tag_sentence(sentence, "reasoning", "sr")
    assert "conviction" in tag_sentence("Okrivljeni je kriv", "operative", "sr")
    # text in a part the sections did not recognise is in scope for every tag
    assert "conviction" in tag_sentence("Okrivljeni je kriv", "body", "sr")


def test_unknown_language_uses_every_rule():
    assert "conviction" in tag_sentence("СЕ ОГЛАСУВА ЗА ВИНОВЕН", "operative", None)
    assert "conviction" in tag_sentence("Deklarimin fajtor", "operative", None)


def test_batch_tagging_equals_one_by_one():
    texts = [c[2] for c in CASES if c[0] == "sr"]
    secs = [c[1] for c in CASES if c[0] == "sr"]
    assert tag_sentences(texts, secs, "sr") == [
        tag_sentence(t, s, "sr") for t, s in zip(texts, secs, strict=True)
    ]


def test_triggers_are_literal_pieces_every_match_contains():
    assert triggers_of(r"\boglašava(?:ju)? se kriv") == ["oglašava"]
    assert triggers_of(r"\bkriv[aie]? (?:je|su)\b") == ["kriv"]
    assert triggers_of(r"\b(?:saslušan\w*|saslušao)\b.{0,60}x") == ["saslušan", "saslušao"]
    assert triggers_of(r"(?:ab|c)d") is None  # "c" alone is too short to be a useful trigger
    assert triggers_of(r".{0,3}x") is None
    # the compiled rules never skip a sentence their expression matches
    from pipeline.nlp.structure_rules import fold

    for _, _, sentence, _ in CASES + NEGATIVE:
        folded = fold(sentence)
        for rule in tag_rules(None):
            if rule.triggers is not None and rule.pattern is not None and rule.pattern.search(folded):
                assert any(t in folded for t in rule.triggers), (rule.name, sentence)


def test_every_tag_has_rules_for_every_language():
    names = tag_names()
    assert {"conviction", "acquittal", "compensation_referred_to_civil", "exploitation_sexual"} <= set(names)
    for fam in ("sr", "mk", "sq"):
        assert all(r.pattern is not None for r in tag_rules(fam)), fam


def test_segment_tags_sentences_of_a_whole_verdict():
    text = (
        "U IME CRNE GORE\n\nOSNOVNI SUD U BARU, sudija X, u krivičnom predmetu protiv okrivljenog A.B. zbog "
        "krivičnog djela trgovina ljudima iz čl. 444 st. 1 KZ CG, po optužnici ODT Bar, donio je\n\n"
        "P R E S U D U\n\nOkrivljeni A.B.\n\nK r i v j e\n\nŠto je vrbovao oštećenu radi prostitucije.\n\n"
        "O S U Đ U J E\nna kaznu zatvora u trajanju od 3 godine.\n\n"
        "O b r a z l o ž e n j e\n\nSud je cijenio olakšavajuće okolnosti.\n"
    )
    st = segment_text(text, "cnr", use_model=False)
    tagged = {(s.section, lab) for s in st.sentences for lab in s.labels}
    assert ("operative", "conviction") in tagged
    assert ("operative", "sentence_prison") in tagged
    assert ("operative", "exploitation_sexual") in tagged
    assert ("reasoning", "mitigating") in tagged
    assert [s.labels for s in st.with_label("mitigating")] == [["mitigating"]]


def test_no_classifier_installed_means_rules_only(tmp_path, monkeypatch):
    monkeypatch.setenv("SPOTON_MODELS", str(tmp_path))
    load_classifier.cache_clear()
    try:
        assert load_classifier() is None
    finally:
        load_classifier.cache_clear()


@pytest.mark.corpus
def test_real_verdicts_get_an_outcome_tag_in_their_operative_part():
    if not VERDICTS.is_dir():
        pytest.skip("../shared/corpora not present")
    files = sorted(VERDICTS.glob("*.txt"))[::5]
    outcome = {"conviction", "acquittal", "rejection"}
    hits = 0
    for path in files:
        st = segment_text(path.read_text(encoding="utf-8", errors="replace"), "cnr", use_model=False)
        labels = {lab for s in st.sentences if s.section == "operative" for lab in s.labels}
        hits += bool(labels & outcome)
    assert hits / len(files) >= 0.9, f"{hits} of {len(files)}"


def test_trained_classifier_labels_only_the_sentences_the_rules_left_untagged(tmp_path, monkeypatch):
    from pipeline.train.sentence_tags import read_examples, train

    favour = [
        f"Sud je u prilog okrivljenom uzeo {w} kao okolnost koja ide u prilog okrivljenom."
        for w in ("mladost", "porodicu", "kajanje", "korektno držanje", "zdravlje", "nezaposlenost")
    ]
    other = [
        f"Svjedok {w} je naveo da je kritične večeri bio kod kuće."
        for w in ("A.B.", "C.D.", "E.F.", "G.H.", "I.J.", "K.L.")
    ]
    data = tmp_path / "examples.jsonl"
    rows = [{"text": t, "section": "reasoning", "labels": ["mitigating"]} for t in favour]
    rows += [{"text": t, "section": "reasoning", "labels": []} for t in other]
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    meta = train(read_examples(data), tmp_path / "sentence-tags", epochs=15)
    assert meta["labels"] == ["mitigating"]

    monkeypatch.setenv("SPOTON_MODELS", str(tmp_path))
    load_classifier.cache_clear()
    try:
        text = (
            "O b r a z l o ž e n j e\n\nSud je kao okolnost koja ide u prilog okrivljenom uzeo njegovu mladost.\n\n"
            "Svjedok M.N. je naveo da je kritične večeri bio kod kuće.\n\n"
            "Kao otežavajuću okolnost sud je cijenio raniju osuđivanost."
        )
        st = segment_text(text, "cnr")
        by_text = {text[s.start : s.end][:20]: s.labels for s in st.sentences}
        assert by_text["Sud je kao okolnost "] == ["mitigating"]
        assert by_text["Svjedok M.N. je nave"] == []
        assert by_text["Kao otežavajuću okol"] == ["aggravating"]  # tagged by the rules, model not asked
        assert segment_text(text, "cnr", use_model=False).sentences[1].labels == []
    finally:
        load_classifier.cache_clear()


def test_bad_training_examples_are_reported_by_line(tmp_path):
    from pipeline.errors import InputError
    from pipeline.train.sentence_tags import read_examples

    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "a", "labels": []}\n{"text": "b", "labels": ["no_such_tag"]}\n', encoding="utf-8"
    )
    with pytest.raises(InputError, match="line 2: unknown tag"):
        read_examples(bad)
