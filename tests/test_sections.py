"""Sections of a verdict in each language, through the public API (Document in, Structure out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest.plaintext import text_to_pages
from pipeline.model import Document, Provenance
from pipeline.nlp.sections import find_sections
from pipeline.nlp.structure import Structure, section_of, segment, segment_text
from pipeline.text.assemble import assemble

SHARED = Path(__file__).resolve().parents[2] / "shared"
VERDICTS = SHARED / "corpora" / "me-verdicts"

INTRO_SR = (
    "OSNOVNI SUD U HERCEG NOVOM, kao prvostepeni krivični sud, sudija Vesna Gazdić, uz učešće zapisničara "
    "Vjere Bosanac, u krivičnom predmetu protiv okrivljenog G.Ž. iz H., zbog krivičnog djela nasilje u "
    "porodici iz čl. 220 st. 2 KZ CG, po optužnom predlogu ODT-a Herceg Novi Kt.br. 124/20, nakon održanog "
    "glavnog i javnog pretresa, dana 28.07.2021. godine donio je i javno objavio"
)

SR_LATN = f"""K.br. 124/20
U IME CRNE GORE
{INTRO_SR}

P R E S U D U

Okrivljeni G.Ž., rođen 1975. godine u H., neosuđivan,

K r i v j e

Što je dana 12.03.2020. godine u H. fizički napao suprugu G.A.

OSUĐUJE SE
na kaznu zatvora u trajanju od 6 (šest) mjeseci.

Oštećena G.A. se radi ostvarivanja imovinskopravnog zahtjeva upućuje na parnični postupak.

O b r a z l o ž e n j e

Optužnim predlogom ODT-a Herceg Novi okrivljenom je stavljeno na teret da je učinio krivično djelo. \
Sud je cijenio sve dokaze, te je odlučio kao u izreci presude, pa je shodno članu 374 ZKP-a donio

PRESUDU

kakvu je donio, a svjedok je naveo da mu je rečeno da je donijeta presuda.

Sud je kao olakšavajuće okolnosti cijenio da je okrivljeni neosuđivan.

Sa izloženog, odlučeno je kao u izreci.

OSNOVNI SUD U HERCEG NOVOM
Dana 28.07.2021. godine
Zapisničar, S U D I J A
Vjera Bosanac Vesna Gazdić

PRAVNA POUKA: Protiv ove presude može se izjaviti žalba u roku od 8 dana Višem sudu u Podgorici.
"""

SR_CYRL = """РЕПУБЛИКА СРБИЈА
ВИШИ СУД У НИШУ
К. 124/20

У ИМЕ НАРОДА

Виши суд у Нишу, у већу састављеном од судије Марка Петровића као председника већа и судија поротника, \
уз учешће записничара Ане Јовић, у кривичном предмету против окривљеног Д.Ђ. због кривичног дела трговина \
људима из чл. 388 ст. 1 КЗ, по оптужници ВЈТ у Нишу КТ. бр. 55/20, након главног претреса донео је

П Р Е С У Д У

Окривљени Д.Ђ., рођен 1988. године,

К Р И В И   С У

Што су у периоду од јуна до августа 2019. године врбовали оштећену ради сексуалне експлоатације.

О С У Ђ У Ј Е
на казну затвора у трајању од 5 (пет) година.

О б р а з л о ж е њ е

Оптужницом ВЈТ у Нишу окривљеном је стављено на терет извршење кривичног дела трговина људима. \
Суд је саслушао оштећену на главном претресу.

ВИШИ СУД У НИШУ, дана 28.07.2021. године
Записничар Председник већа – судија
Ана Јовић Марко Петровић

ПОУКА О ПРАВНОМ ЛЕКУ: Против ове пресуде дозвољена је жалба Апелационом суду у Нишу у року од 15 дана.
"""

MK = """РЕПУБЛИКА СЕВЕРНА МАКЕДОНИЈА
ОСНОВЕН КРИВИЧЕН СУД СКОПЈЕ
КОК бр. 60/14

ВО ИМЕТО НА НАРОДОТ

Основниот кривичен суд Скопје, во совет составен од судијата Ана Стојанова како претседател на советот \
и судиите поротници, со записничар Марија Илиевска, во кривичниот предмет против обвинетиот Б.С. поради \
кривично дело трговија со луѓе од чл. 418-а ст. 1 од КЗ, по обвинението на ОЈО ГОКК, донесе и јавно ја објави

П Р Е С У Д А

Обвинетиот Б.С. од Скопје СЕ ОГЛАСУВА ЗА ВИНОВЕН
за тоа што во 2013 година ја врбувал оштетената заради сексуална експлоатација.

СЕ ОСУДУВА на казна затвор во траење од 4 години.

Оштетената за имотноправното барање се упатува на парница.

О б р а з л о ж е н и е

Со обвинителниот акт на ОЈО ГОКК на обвинетиот му е ставено на товар кривичното дело. \
Судот ги ценеше олеснувачките околности.

ПРАВНА ПОУКА: Против оваа пресуда може да се изјави жалба до Апелационен суд Скопје во рок од 15 дена.

Записничар, Претседател на совет – судија
Марија Илиевска Ана Стојанова
"""

SQ_ALBANIA = """REPUBLIKA E SHQIPËRISË
GJYKATA E SHKALLËS SË PARË PËR KRIME TË RËNDA TIRANË
Nr. 51520-00198-00-2018 i Regj. Themeltar

V E N D I M
NË EMËR TË REPUBLIKËS

Gjykata e Shkallës së Parë për Krime të Rënda Tiranë, e përbërë nga gjyqtarët A. H. kryesues, E. D. dhe \
G. K. anëtarë, me sekretare gjyqësore M. Sh., në seancën gjyqësore penale të datës 12.06.2018 mori në \
shqyrtim çështjen penale që i përket të pandehurit E.M., akuzuar për veprën penale të parashikuar nga neni 110/a.

GJYKATA,

pasi dëgjoi prokurorin dhe mbrojtjen,

V Ë R E N

Nga aktet e fashikullit rezultoi se i pandehuri E.M. ka rekrutuar të dëmtuarën për shfrytëzim për prostitucion. \
Gjykata çmon si rrethanë rënduese faktin se e dëmtuara ishte e mitur.

PËR KËTO ARSYE,

V E N D O S I

1. Deklarimin fajtor të të pandehurit E.M. për veprën penale “Trafikimi i personave të rritur”.

2. Dënimin e tij me 12 vjet burgim.

3. Kundër këtij vendimi lejohet ankim në Gjykatën e Apelit brenda 10 ditëve.

U shpall në Tiranë, më 12.06.2018.

SEKRETARE KRYESUESI
M. Sh. A. H.
"""

SQ_KOSOVO = """Republika e Kosovës
GJYKATA THEMELORE NË PRISHTINË
P.nr. 123/2019

NË EMËR TË POPULLIT

Gjykata Themelore në Prishtinë, Departamenti për Krime të Rënda, me gjyqtarin A. B. si kryetar i trupit \
gjykues, me sekretaren juridike C. D., në çështjen penale kundër të akuzuarit E. F., për shkak të veprës \
penale trafikimi me njerëz, pas shqyrtimit gjyqësor publik, mori këtë:

A K T GJ Y K I M

I akuzuari E. F. ËSHTË FAJTOR sepse në vitin 2018 ka rekrutuar të dëmtuarën për shfrytëzim seksual.

Gjykata e dënon me burgim në kohëzgjatje prej 5 vjetësh.

A r s y e t i m i

Prokuroria Themelore ka ngritur aktakuzë kundër të akuzuarit. Gjykata vlerësoi si rrethanë lehtësuese sjelljen.

KËSHILLË JURIDIKE: Kundër këtij aktgjykimi mund të ushtrohet ankesë brenda 15 ditëve.
"""

HR = """REPUBLIKA HRVATSKA
ŽUPANIJSKI SUD U OSIJEKU
Poslovni broj: K-15/2018-32

U IME REPUBLIKE HRVATSKE
P R E S U D A

Županijski sud u Osijeku, u vijeću sastavljenom od suca toga suda Ivana Matića kao predsjednika vijeća \
te sudaca porotnika, uz sudjelovanje zapisničarke, u kaznenom predmetu protiv optuženika M.V., zbog \
kaznenog djela trgovanja ljudima iz članka 106. stavka 1. KZ-a, nakon održane rasprave

p r e s u d i o   j e

Optuženik M.V., OIB: ***********, rođen 12. svibnja 1981. u Vukovaru,

k r i v   j e

što je u razdoblju od ožujka 2017. iskorištavao radnike za prisilni rad.

O b r a z l o ž e n j e

Županijsko državno odvjetništvo u Osijeku optužilo je M.V. za kazneno djelo trgovanja ljudima.

UPUTA O PRAVNOM LIJEKU: Protiv ove presude dopuštena je žalba Vrhovnom sudu.
"""


def make_document(text: str, lang: str | None) -> Document:
    """A Document as ingest builds it from a plain-text file (text_to_pages + assemble)."""
    prov = Provenance(
        path="verdict.txt", sha256="0" * 64, format="txt", size=len(text), pipeline_version="test"
    )
    doc = assemble(text_to_pages(text), prov, doc_id="test")
    return doc.model_copy(update={"language": lang})


def names(structure: Structure) -> list[str]:
    return [n for n, _, _ in structure.sections]


def starts_with(doc: Document, structure: Structure, name: str) -> str:
    s, e = structure.section(name)
    return doc.text[s:e]


def test_montenegrin_verdict_sections_in_order_with_offsets_into_document_text():
    doc = make_document(SR_LATN, "cnr")
    st = segment(doc)
    assert names(st) == [
        "header",
        "introduction",
        "operative",
        "reasoning",
        "signatures",
        "legal_instruction",
    ]
    assert starts_with(doc, st, "introduction").startswith("U IME CRNE GORE")
    assert starts_with(doc, st, "operative").startswith("P R E S U D U")
    assert starts_with(doc, st, "reasoning").startswith("O b r a z l o ž e n j e")
    assert starts_with(doc, st, "signatures").startswith("OSNOVNI SUD U HERCEG NOVOM\nDana 28.07.2021.")
    assert starts_with(doc, st, "legal_instruction").startswith("PRAVNA POUKA:")
    # contiguous, covering the whole text
    assert st.sections[0][1] == 0 and st.sections[-1][2] == len(doc.text)
    assert all(a[2] == b[1] for a, b in zip(st.sections, st.sections[1:], strict=False))


def test_heading_quoted_inside_the_reasoning_does_not_open_a_section():
    st = segment(make_document(SR_LATN, "cnr"))
    assert names(st).count("operative") == 1
    reasoning = st.section("reasoning")
    assert reasoning is not None
    quoted = SR_LATN.index("\nPRESUDU\n") + 1
    # the Document text equals the input here (one block per paragraph), so offsets compare directly
    assert section_of(st, quoted) == "reasoning"


def test_serbian_cyrillic_verdict():
    doc = make_document(SR_CYRL, "sr")
    st = segment(doc)
    assert names(st) == [
        "header",
        "introduction",
        "operative",
        "reasoning",
        "signatures",
        "legal_instruction",
    ]
    assert starts_with(doc, st, "operative").startswith("П Р Е С У Д У")
    assert starts_with(doc, st, "signatures").startswith("ВИШИ СУД У НИШУ, дана")
    assert starts_with(doc, st, "legal_instruction").startswith("ПОУКА О ПРАВНОМ ЛЕКУ")


def test_macedonian_verdict_legal_instruction_before_signatures():
    doc = make_document(MK, "mk")
    st = segment(doc)
    assert names(st) == [
        "header",
        "introduction",
        "operative",
        "reasoning",
        "legal_instruction",
        "signatures",
    ]
    assert starts_with(doc, st, "introduction").startswith("ВО ИМЕТО НА НАРОДОТ")
    assert starts_with(doc, st, "reasoning").startswith("О б р а з л о ж е н и е")
    assert starts_with(doc, st, "signatures").startswith("Записничар")


def test_albanian_verdict_reasoning_comes_before_the_operative_part():
    doc = make_document(SQ_ALBANIA, "sq")
    st = segment(doc)
    assert names(st) == [
        "header",
        "introduction",
        "reasoning",
        "operative",
        "legal_instruction",
        "signatures",
    ]
    assert starts_with(doc, st, "header").startswith("REPUBLIKA E SHQIPËRISË")
    assert "V E N D I M" in starts_with(doc, st, "header")  # the title is not the operative part
    assert starts_with(doc, st, "introduction").startswith("NË EMËR TË REPUBLIKËS")
    assert starts_with(doc, st, "reasoning").startswith("V Ë R E N")
    assert starts_with(doc, st, "operative").startswith("V E N D O S I")
    assert starts_with(doc, st, "legal_instruction").startswith("3. Kundër këtij vendimi")
    assert starts_with(doc, st, "signatures").startswith("U shpall në Tiranë")


def test_albanian_verdict_of_kosovo_follows_the_yugoslav_order():
    doc = make_document(SQ_KOSOVO, "sq")
    st = segment(doc)
    assert names(st) == ["header", "introduction", "operative", "reasoning", "legal_instruction"]
    assert starts_with(doc, st, "operative").startswith("A K T GJ Y K I M")
    assert starts_with(doc, st, "reasoning").startswith("A r s y e t i m i")


def test_croatian_title_presuda_is_not_the_operative_part():
    doc = make_document(HR, "hr")
    st = segment(doc)
    assert names(st) == ["header", "introduction", "operative", "reasoning", "legal_instruction"]
    assert starts_with(doc, st, "operative").startswith("p r e s u d i o")


def test_legal_instruction_inside_the_operative_part_does_not_swallow_the_reasoning():
    text = SR_LATN.replace(
        "Oštećena G.A. se radi",
        "Protiv ove presude žalba se može izjaviti samo ako nije u skladu sa sporazumom.\n\nOštećena G.A. se radi",
    )
    st = segment_text(text, "cnr")
    assert names(st) == [
        "header",
        "introduction",
        "operative",
        "reasoning",
        "signatures",
        "legal_instruction",
    ]


def test_reasoning_without_heading_is_found_by_its_opening_words():
    text = SR_LATN.replace("O b r a z l o ž e n j e\n\n", "")
    st = segment_text(text, "cnr")
    s, _ = st.section("reasoning")
    assert text[s:].startswith("Optužnim predlogom ODT-a Herceg Novi")


def test_verdict_without_headings_has_header_introduction_and_body():
    text = "K 5/21\nOsnovni sud\n\n" + INTRO_SR + "\n\nOkrivljeni je kriv. Kažnjava se."
    st = segment_text(text, "sr")
    assert names(st) == ["header", "introduction", "body"]


def test_unknown_language_uses_every_heading_list():
    st = segment_text(MK, None)
    assert {"operative", "reasoning", "legal_instruction"} <= set(names(st))


def test_section_of_and_sentences_carry_their_section():
    doc = make_document(SR_LATN, "cnr")
    st = segment(doc)
    for sent in st.sentences:
        assert section_of(st, sent.start) == sent.section
        assert doc.text[sent.start : sent.end].strip() == doc.text[sent.start : sent.end]
    assert section_of(st, len(doc.text)) is None
    assert section_of(st, 0) == "header"
    heads = [doc.text[s.start : s.end] for s in st.sentences if s.section == "operative"][:1]
    assert heads == ["P R E S U D U"]


def test_headings_are_never_inside_a_sentence_of_another_section():
    for text, lang in [(SR_LATN, "cnr"), (SR_CYRL, "sr"), (MK, "mk"), (SQ_ALBANIA, "sq"), (HR, "hr")]:
        st = segment_text(text, lang)
        for sent in st.sentences:
            for _, s, _ in st.sections:
                assert not (sent.start < s < sent.end), (lang, text[sent.start : sent.end])


def test_segment_is_a_pure_function():
    doc = make_document(SR_LATN, "cnr")
    a, b = segment(doc), segment(doc)
    assert a.sections == b.sections and a.sentences == b.sentences
    segment(make_document(MK, "mk"))
    assert segment(doc).sentences == a.sentences


@pytest.mark.corpus
def test_real_montenegrin_verdicts_have_operative_part_and_reasoning():
    if not VERDICTS.is_dir():
        pytest.skip("../shared/corpora not present")
    files = sorted(VERDICTS.glob("*.txt"))
    found = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        sections, _ = find_sections(text, "sr")
        got = {n for n, _, _ in sections}
        found += {"operative", "reasoning"} <= got
    assert len(files) > 700
    assert found / len(files) >= 0.95, f"{found} of {len(files)}"


@pytest.mark.corpus
def test_real_verdicts_through_ingest_keep_their_sections():
    """The same check on Documents as ingest builds them (whitespace collapsed, blocks), on a sample."""
    if not VERDICTS.is_dir():
        pytest.skip("../shared/corpora not present")
    files = sorted(VERDICTS.glob("*.txt"))[::20]
    found = 0
    for path in files:
        doc = make_document(path.read_text(encoding="utf-8", errors="replace"), "cnr")
        got = set(names(segment(doc)))
        found += {"operative", "reasoning"} <= got
    assert found / len(files) >= 0.95, f"{found} of {len(files)}"


def test_spacy_components_assemble_from_a_config():
    import spacy
    from thinc.api import Config

    import pipeline.nlp.structure  # noqa: F401  (registers spoton_sections, spoton_sentences, spoton_sentence_tags)

    cfg = Config().from_str(
        """
        [nlp]
        lang = "sr"
        pipeline = ["spoton_sections", "spoton_sentences", "spoton_sentence_tags"]
        [components]
        [components.spoton_sections]
        factory = "spoton_sections"
        [components.spoton_sentences]
        factory = "spoton_sentences"
        [components.spoton_sentence_tags]
        factory = "spoton_sentence_tags"
        """
    )
    nlp = spacy.util.load_model_from_config(cfg, auto_fill=True)
    doc = nlp(SR_LATN)
    assert [s.label_ for s in doc.spans["sections"]][:4] == ["header", "introduction", "operative", "reasoning"]
    sents = [s.text.strip() for s in doc.sents]
    assert "P R E S U D U" in sents
    assert "conviction" in {s.label_ for s in doc.spans["sentence_tags"]}


def test_structure_nlp_uses_the_verdict_tokenizer():
    from pipeline.nlp.structure import structure_nlp

    nlp = structure_nlp("cnr")
    assert nlp.pipe_names == ["spoton_sections", "spoton_sentences", "spoton_sentence_tags"]
    doc = nlp("Okrivljeni H.K. iz čl.388 st. 1 KZ. Sud je odlučio.")
    assert [t.text for t in doc][:6] == ["Okrivljeni", "H.K.", "iz", "čl.", "388", "st."]
    assert len(list(doc.sents)) == 2


def test_wrapped_reasoning_sentence_opening_with_the_court_is_no_signature():
    # a scan or PDF wraps paragraphs: "Апелациони суд налази да ..." near the end of the reasoning is a
    # sentence of the text (continued in lower case below), not the court's name over the signatures
    text = (
        "АПЕЛАЦИОНИ СУД У НИШУ\nКж1 12/24\n\nУ ИМЕ НАРОДА\n\n"
        "Апелациони суд у Нишу, у већу састављеном од судија Марка Марковића, председника већа, и\n"
        "Јоване Јовановић и Петра Петровића, чланова већа, у кривичном предмету против окривљеног\n"
        "А.Б., због кривичног дела трговина људима, одлучујући о жалби браниоца, донео је\n\n"
        "П Р Е С У Д У\n\nОДБИЈА СЕ као неоснована жалба браниоца окривљеног А.Б.\n\n"
        "О б р а з л о ж е њ е\n\n"
        "Апелациони суд налази да првостепени суд није учинио битне повреде одредаба\n"
        "кривичног поступка. Првостепени суд је правилно оценио исказ оштећене В.Г., који је\n"
        "поткрепљен другим доказима, па је жалбу ваљало одбити.\n\n"
        "Записничар\nАна Анић\n\nПредседник већа - судија\nМарко Марковић\n"
    )
    doc = make_document(text, "sr")
    st = segment(doc)
    assert starts_with(doc, st, "signatures").startswith("Записничар")
    assert "оштећене В.Г." in starts_with(doc, st, "reasoning")
