"""Macedonian and Serbian Cyrillic verdicts (issue 10): what the dev-set misses showed, on our own
fictitious sentences (no devset text copied)."""

from __future__ import annotations

from pathlib import Path

from pipeline.coding import build_record
from pipeline.config import RunConfig
from pipeline.ingest import ingest


def record(tmp_path: Path, text: str):
    path = tmp_path / "presuda.txt"
    path.write_text(text, encoding="utf-8")
    return build_record(ingest(path, RunConfig()))


def compensation(rec) -> dict[str, str | None]:
    return {v["name"].value: v["compensation"]["outcome"].value for v in rec.victims}


MK = """ОСНОВЕН СУД ДЕБАР
К.бр.41/23
Дебар, 14.06.2024 година

# ВО ИМЕТО НА НАРОДОТ

Основниот суд Дебар, во совет составен од судијата Горица Петреска како претседател на советот и судиите поротници Илија Ташевски и Мирјана Куновска-
Зафировска, со записничар Елена Дамчевска, во кривичниот предмет против обвинетиот Б.К. од Дебар, поради кривично дело Трговија со луѓе по член 418-а став 1 од КЗ, по обвинителниот акт на Основното јавно обвинителство Дебар КО бр.77/23 од 10.10.2023 година, во присуство на јавниот обвинител Сашо Ристов, на 14.06.2024 година ја донесе следната

# П Р Е С У Д А

Обвинетиот Б.К., роден 1981 година во Дебар, државјанин на Република Северна Македонија,

СЕ ОГЛАСУВА ЗА ВИНОВЕН

затоа што во 2022 година во Дебар ги врбувал оштетените Л.Т. и Н.Ф. заради сексуална експлоатација,

со што сторил кривично дело Трговија со луѓе по член 418-а став 1 од КЗ,

па судот го ОСУДУВА на казна затвор во траење од 5 (пет) години.

СЕ ЗАДОЛЖУВА обвинетиот на име надомест на штета да ѝ исплати на оштетената Л.Т. износ од 90.000,00 денари, а оштетената Н.Ф. за имотноправното барање во целост се упатува на парница.

# О б р а з л о ж е н и е

Судот ги ценеше доказите.

Записничар || Претседател на советот – судија
Елена Дамчевска || Горица Петреска
"""


def test_a_panel_with_lay_judges_is_coded_whole_and_a_name_broken_at_its_hyphen_is_joined(tmp_path: Path) -> None:
    rec = record(tmp_path, MK)
    assert rec.case["judges"].value == ["Горица Петреска", "Илија Ташевски", "Мирјана Куновска-Зафировска"]


def test_a_victim_referred_after_another_was_awarded_is_referred_not_partly_granted(tmp_path: Path) -> None:
    rec = record(tmp_path, MK)
    assert compensation(rec) == {"Л.Т.": "granted", "Н.Ф.": "referred_to_civil"}


def test_an_appeal_panel_with_roles_after_the_names(tmp_path: Path) -> None:
    text = MK.replace(
        "во совет составен од судијата Горица Петреска како претседател на советот и судиите поротници Илија "
        "Ташевски и Мирјана Куновска-\nЗафировска,",
        "во совет составен од судиите Горица Петреска, претседател на советот, Илија Ташевски и Мирјана "
        "Куновска, членови на советот,",
    )
    rec = record(tmp_path, text)
    assert rec.case["judges"].value == ["Горица Петреска", "Илија Ташевски", "Мирјана Куновска"]


def test_a_claim_rejected_as_unfounded_and_no_claim_said_for_all_victims_in_the_reasons(tmp_path: Path) -> None:
    text = MK.replace(
        "СЕ ЗАДОЛЖУВА обвинетиот на име надомест на штета да ѝ исплати на оштетената Л.Т. износ од 90.000,00 "
        "денари, а оштетената Н.Ф. за имотноправното барање во целост се упатува на парница.",
        "Имотноправното барање на оштетената Л.Т. за исплата на 50.000,00 денари СЕ ОДБИВА како неосновано.",
    )
    rec = record(tmp_path, text)
    assert compensation(rec)["Л.Т."] == "rejected"
    text = text.replace(
        "Имотноправното барање на оштетената Л.Т. за исплата на 50.000,00 денари СЕ ОДБИВА како неосновано.", ""
    ).replace("Судот ги ценеше доказите.", "Судот ги ценеше доказите. Оштетените не поставија имотноправно барање.")
    rec = record(tmp_path, text)
    assert compensation(rec) == {"Л.Т.": "not_claimed", "Н.Ф.": "not_claimed"}


def test_a_discontinued_case_and_a_juvenile_measure_are_outcomes(tmp_path: Path) -> None:
    stop = """ОСНОВЕН КРИВИЧЕН СУД СКОПЈЕ
КОК.бр.12/19
Скопје, 03.02.2020 година

Основниот кривичен суд Скопје, судијата Марко Трајков, со записничар Ана Велкова, во кривичниот предмет против обвинетиот Т.Д., поради кривично дело Трговија со луѓе по член 418-а став 1 од КЗ, на 03.02.2020 година го донесе следното

# Р Е Ш Е Н И Е

Кривичната постапка против обвинетиот Т.Д., роден 1970 година во Куманово, поради кривично дело Трговија со луѓе по член 418-а став 1 од КЗ, СЕ ЗАПИРА.

# О б р а з л о ж е н и е

Обвинетиот почина.
"""
    rec = record(tmp_path, stop)
    assert [c["outcome"].value for c in rec.defendants[0]["charges"]] == ["discontinued"]
    child = """ОСНОВЕН КРИВИЧЕН СУД СКОПЈЕ
КМ.бр.8/23
Скопје, 11.05.2023 година

Основниот кривичен суд Скопје, судијата за деца Весна Илиева, со записничар Ана Велкова, во постапката против детето Р.П., поради кривично дело Посредување во вршење проституција по член 191 став 1 од КЗ, на 11.05.2023 година го донесе следното

# Р Е Ш Е Н И Е

Спрема детето Р.П., родено 2007 година во Скопје,

СЕ ИЗРЕКУВА воспитна мерка засилен надзор од родителот, во траење од 1 (една) година,

затоа што во 2022 година во Скопје посредувал во вршење проституција,

со што сторил кривично дело Посредување во вршење проституција по член 191 став 1 од КЗ.

# О б р а з л о ж е н и е

Детето го призна делото.
"""
    rec = record(tmp_path, child)
    assert [d["name"].value for d in rec.defendants] == ["Р.П."]
    assert rec.defendants[0]["charges"][0]["outcome"].value == "convicted"
    assert rec.defendants[0]["sentence"]["type"].value == "juvenile_measure"


def test_an_annulled_judgment_decides_no_claim(tmp_path: Path) -> None:
    text = """АПЕЛАЦИОНЕН СУД ШТИП
КЖ.бр.55/22
Штип, 20.09.2022 година

Апелациониот суд Штип, во совет составен од судиите Петар Колев, претседател на советот, Дарко Иванов и Верка Стојанова, членови на советот, со записничар Ана Велкова, во кривичниот предмет против обвинетиот Г.Н., поради кривично дело Трговија со луѓе по член 418-а став 1 од КЗ, одлучувајќи по жалбата на обвинетиот, на 20.09.2022 година ја донесе следната

# Р Е Ш Е Н И Е

Жалбата на обвинетиот се уважува, пресудата на Основниот суд Кочани К.бр.3/21 од 10.02.2022 година СЕ УКИНУВА и предметот се враќа на повторно судење.

# О б р а з л о ж е н и е

Со првостепената пресуда оштетената Е.С. за имотноправното барање е упатена на парница.
"""
    rec = record(tmp_path, text)
    assert compensation(rec) == {"Е.С.": "not_decided"}


SR_CYRL = """РЕПУБЛИКА СРБИЈА
АПЕЛАЦИОНИ СУД У НИШУ
Кж1 77/24
12.03.2024. године

# У ИМЕ НАРОДА

Апелациони суд у Нишу, у већу састављеном од судија Јелене Петровић, председника већа, Милоша Илића и Ане Јовић, чланова већа, са записничарем Милицом Лазић, у кривичном предмету окривљеног
Драгана Марковића, због кривичног дела трговина људима из члана 388 став 1 КЗ, одлучујући о жалби браниоца окривљеног, дана 12.03.2024. године донео је

# П Р Е С У Д У

ОДБИЈА СЕ као неоснована жалба браниоца окривљеног Драгана Марковића, а пресуда Вишег суда у Нишу К 4/23 од 10.10.2023. године ПОТВРЂУЈЕ.

# О б р а з л о ж е њ е

Првостепеном пресудом окривљени оглашен је кривим.
"""


def test_an_accused_named_only_in_the_genitive_of_an_appeal_is_coded_in_the_nominative(tmp_path: Path) -> None:
    rec = record(tmp_path, SR_CYRL)
    assert [d["name"].value for d in rec.defendants] == ["Драган Марковић"]


def test_victims_listed_before_one_referral_share_it(tmp_path: Path) -> None:
    text = """РЕПУБЛИКА СРБИЈА
ОСНОВНИ СУД У ВРАЊУ
К 12/23
05.05.2024. године

# У ИМЕ НАРОДА

Основни суд у Врању, судија појединац Марија Ђорђевић, уз учешће записничара Ане Савић, у кривичном поступку против окривљеног Н.С., због кривичног дела посредовање у вршењу проституције из члана 184 став 1 Кривичног законика, дана 05.05.2024. године донео је

# П Р Е С У Д У

Окривљени Н.С., рођен 1985. године у Врању,

К Р И В   Ј Е

што је у 2022. години у Врању наводио оштећене А.М. и Б.Р. на проституцију,

чиме је извршио кривично дело посредовање у вршењу проституције из члана 184 став 1 Кривичног законика,

па га суд осуђује на казну затвора у трајању од 1 (једне) године.

Оштећене А.М. и Б.Р. упућују се да имовинскоправни захтев могу остварити у парничном поступку.

# О б р а з л о ж е њ е

Суд је ценио доказе.
"""
    rec = record(tmp_path, text)
    assert compensation(rec) == {"А.М.": "referred_to_civil", "Б.Р.": "referred_to_civil"}


def test_the_prosecutor_present_and_their_office_not_the_appellants(tmp_path: Path) -> None:
    text = """АПЕЛАЦИОНЕН СУД СКОПЈЕ
КЖ.бр.90/21
Скопје, 15.10.2021 година

Апелациониот суд Скопје, во совет составен од судиите Петар Колев, претседател на советот, Дарко Иванов и Верка Стојанова, членови на советот, со записничар Ана Велкова, во кривичниот предмет против обвинетиот Г.Н., поради кривично дело Трговија со луѓе по член 418-а став 1 од КЗ, одлучувајќи по жалбата на Основното јавно обвинителство Велес, на седница одржана на 15.10.2021 година, во присуство на јавниот обвинител од Вишото јавно обвинителство Скопје Јордан Митев, ја донесе следната

# П Р Е С У Д А

Жалбата на Основното јавно обвинителство Велес СЕ ОДБИВА како неоснована, а пресудата СЕ ПОТВРДУВА.
"""
    rec = record(tmp_path, text)
    assert rec.case["prosecutor"]["office"].value == "Вишо јавно обвинителство Скопје"
    assert rec.case["prosecutor"]["name"].value == "Јордан Митев"
    text = text.replace(
        "одлучувајќи по жалбата на Основното јавно обвинителство Велес, на седница одржана на 15.10.2021 година, "
        "во присуство на јавниот обвинител од Вишото јавно обвинителство Скопје Јордан Митев",
        "по обвинителниот акт ОЈО ГОКК бр.12/20 од 01.02.2021 година, одлучувајќи по спогодбата склучена помеѓу "
        "Основното јавно обвинителство за гонење на организиран криминал и корупција, застапувано од јавниот "
        "обвинител Јордан Митев, и обвинетиот",
    )
    rec = record(tmp_path, text)
    assert rec.case["prosecutor"]["office"].value == (
        "Основно јавно обвинителство за гонење на организиран криминал и корупција"
    )
    assert rec.case["prosecutor"]["name"].value == "Јордан Митев"


def test_serbian_cyrillic_office_in_the_locative_department_numbers_and_registrars(tmp_path: Path) -> None:
    text = SR_CYRL.replace("Кж1 77/24", "6 Кж1 77/24").replace(
        "одлучујући о жалби браниоца окривљеног,",
        "одлучујући о жалби јавног тужиоца Вишег јавног тужилаштва у Нишу, након седнице у присуству јавног "
        "тужиоца у Апелационом јавном тужилаштву\nу Нишу Зорана Илића,",
    ).replace("са записничарем Милицом Лазић", "са записничарем Немањом Радуловим")
    rec = record(tmp_path, text)
    assert rec.case["case_number"].value == "6 Кж1 77/24"
    assert rec.case["prosecutor"]["office"].value == "Апелационо јавно тужилаштво у Нишу"
    assert rec.case["prosecutor"]["name"].value == "Зоран Илић"
    assert rec.case["registrar"].value == "Немања Радулов"


def test_the_organised_crime_prosecutors_office_and_its_plea_register(tmp_path: Path) -> None:
    text = SR_CYRL.replace("АПЕЛАЦИОНИ СУД У НИШУ\nКж1 77/24", "ВИШИ СУД У БЕОГРАДУ\nСпк.По1 бр. 5/24").replace(
        "одлучујући о жалби браниоца окривљеног,",
        "по оптужници Тужилаштва за организовани криминал КТО бр. 3/23, у присуству заменика тужиоца за "
        "организовани криминал Драгане Петровић,",
    )
    rec = record(tmp_path, text)
    assert rec.case["case_number"].value == "Спк.По1 бр. 5/24"
    assert rec.case["prosecutor"]["office"].value == "Тужилаштво за организовани криминал"
    assert rec.case["prosecutor"]["name"].value == "Драгана Петровић"


def test_an_appeal_that_upholds_takes_each_accuseds_outcome_and_sentence_from_the_reasons(tmp_path: Path) -> None:
    text = """АПЕЛАЦИОНЕН СУД ГОСТИВАР
КЖ.бр.12/19
Гостивар, 10.03.2019 година

Апелациониот суд Гостивар, во совет составен од судиите Петар Колев, претседател на советот, Дарко Иванов и Верка Стојанова, членови на советот, со записничар Ана Велкова, во кривичниот предмет против обвинетите А.Р. и Б.Р., поради кривично дело Посредување во вршење проституција по член 191 став 1 од КЗ, одлучувајќи по жалбата на обвинетата, на седница одржана на 10.03.2019 година, ја донесе следната

# П Р Е С У Д А

ЖАЛБАТА на обвинетата А.Р. СЕ ОДБИВА како неоснована, а пресудата на Основниот суд Тетово К.бр.5/18 од 11.11.2018 година СЕ ПОТВРДУВА.

# О б р а з л о ж е н и е

Со првостепената пресуда обвинетата А.Р. е огласена за виновна дека во 2018 година во Тетово нудела лица за проституција и е осудена на казна затвор во траење од 3 (три) години, а обвинетиот Б.Р. е ослободен од обвинение.

Апелациониот суд ја одби жалбата.
"""
    rec = record(tmp_path, text)
    got = {d["name"].value: (d["charges"][0]["outcome"].value, d["sentence"]["type"].value,
                             d["sentence"]["prison_months"].value) for d in rec.defendants}
    assert got == {"А.Р.": ("convicted", "prison", 36), "Б.Р.": ("acquitted", "none", None)}


def test_a_court_named_before_the_state_changed_its_name_keeps_that_name(tmp_path: Path) -> None:
    text = MK.replace("ОСНОВЕН СУД ДЕБАР", "ВРХОВЕН СУД НА РЕПУБЛИКА МАКЕДОНИЈА").replace(
        "Основниот суд Дебар,", "Врховниот суд на Република Македонија,")
    rec = record(tmp_path, text)
    assert rec.case["court"].value == "Врховен суд на Република Македонија"
    assert rec.case["court_level"].value == "supreme"


REVIEW = """ВРХОВЕН СУД НА РЕПУБЛИКА СЕВЕРНА МАКЕДОНИЈА
КВП1 бр.77/2023

Врховниот суд на Република Северна Македонија, во совет составен од судиите: Петре Илиевски, претседател на советот, Ана Колевска, Бојан Митров, Зора Лазова и Неим Адеми, членови на советот, со учество на стручниот соработник Ива Танева како записничар, во кривичниот предмет против осудениот Г.Н. од Велес, поради кривично дело Трговија со луѓе по член 418-а став 1 од Кривичниот законик, одлучувајќи по барањето за вонредно преиспитување на правосилна пресуда поднесено од осудениот, против пресудата на Основниот суд Велес К.бр.12/20 од 02.03.2021 година, по мислењето на Јавното обвинителство на Република Северна Македонија ЈО.бр.40/23 од 11.04.2023 година, потпишано од јавниот обвинител Соња Петкова-Ноева, на седницата одржана на 20.05.2023 година, го донесе следното

# Р Е Ш Е Н И Е

БАРАЊЕТО за вонредно преиспитување на правосилна пресуда поднесено од осудениот Г.Н. СЕ ОДБИВА како неосновано.

# О б р а з л о ж е н и е

Со пресудата на Основниот суд Велес К.бр.12/20 од 02.03.2021 година осудениот Г.Н., роден 1970 година, е огласен за виновен за кривично дело Трговија со луѓе по член 418-а став 1 од КЗ, затоа што во 2019 година во Велес ги засолнувал оштетените К.П. и Д.Л. заради проституција, и е осуден на казна затвор во траење од 5 (пет) години. Со првостепената пресуда осудениот е задолжен на оштетената К.П. да ѝ го исплати побараниот износ од 200.000,00 денари, а оштетената Д.Л. не поставила имотноправно барање.

Врховниот суд најде дека барањето е неосновано.

Скопје, 20.05.2023 година

Записничар – стручен соработник
Ива Танева

Претседател на советот – судија
Петре Илиевски
"""


def test_a_rejected_request_for_extraordinary_review_keeps_the_first_instance_decision(tmp_path: Path) -> None:
    rec = record(tmp_path, REVIEW)
    assert rec.case["case_number"].value == "КВП1 бр.77/2023"
    assert rec.case["instance"].value == "third"
    assert rec.case["prosecutor"]["office"].value == "Јавно обвинителство на Република Северна Македонија"
    assert rec.case["prosecutor"]["name"].value == "Соња Петкова-Ноева"
    assert [d["name"].value for d in rec.defendants] == ["Г.Н."]
    assert rec.defendants[0]["charges"][0]["outcome"].value == "convicted"
    assert rec.defendants[0]["sentence"]["prison_months"].value == 60
    assert compensation(rec) == {"К.П.": "granted", "Д.Л.": "not_claimed"}


OKK = """ОСНОВЕН КРИВИЧЕН СУД СКОПЈЕ
КОК-5/24
Скопје, 10.10.2024 година

# ВО ИМЕТО НА НАРОДОТ

Основниот кривичен суд Скопје, кривичен совет составен од судијата Марко Стојков, претседател на советот, и Лина Ристова, член на советот, и судиите поротници Тоде Павлов, Ема Јанева и Агим Шаќири, со записничар Сара Нелкова, во кривичниот предмет против обвинетите Јован Белев и Тања Крстева, по обвинителниот акт на ОЈО ГОКК бр.3/24 од 01.03.2024 година, во присуство на јавниот обвинител при ОЈО Скопје, Вера Божинова-Митева, обвинетите и полномошникот на оштетените Ц.Д. од Кичево и Р.М., адвокат Дамјан Ангелов, на 10.10.2024 година ја донесе следната

# П Р Е С У Д А

1. ЈОВАН БЕЛЕВ, роден 1980 година во Скопје, неосудуван, и

2. ТАЊА КРСТЕВА, родена 1985 година во Скопје, неосудувана,

# СЕ ВИНОВНИ

1. Обвинетиот Јован Белев затоа што во 2023 година во Скопје организирал група во која членувала и обвинетата Тања Крстева,

– со што сторил кривично дело Организирање група по чл.418-в ст.1 од КЗ;

2. Обвинетата Тања Крстева затоа што во истиот период ги врбувала оштетените Ц.Д. од Кичево и Р.М.,

– со што сторила кривично дело по чл.418-в ст.2 и кривично дело Трговија со луѓе по чл.418-а ст.1 од КЗ.
"""


def test_a_panel_with_two_member_groups_a_prosecutor_at_an_abbreviated_office_and_counts_opened_by_the_role_word(
    tmp_path: Path,
) -> None:
    rec = record(tmp_path, OKK)
    assert rec.case["judges"].value == ["Марко Стојков", "Лина Ристова", "Тоде Павлов", "Ема Јанева", "Агим Шаќири"]
    assert rec.case["prosecutor"]["name"].value == "Вера Божинова-Митева"
    assert rec.case["prosecutor"]["office"].value == "Основно јавно обвинителство Скопје"
    assert sorted(d["name"].value for d in rec.defendants) == ["ЈОВАН БЕЛЕВ", "ТАЊА КРСТЕВА"]
    provisions = {d["name"].value: [c["provision"].value["article"] for c in d["charges"]] for d in rec.defendants}
    assert provisions["ЈОВАН БЕЛЕВ"] == ["418c"]  # the accused the count opens with, not the one it mentions
    codes = [c["provision"].value["code"] for c in rec.defendants[1]["charges"]]
    assert codes == ["MK-KZ", "MK-KZ"]  # the code named once after both offences
    assert sorted(v["name"].value for v in rec.victims) == ["Р.М.", "Ц.Д."]  # not the place "Кичево"


def test_a_conviction_under_another_offence_after_the_indictment_was_amended_is_requalified(tmp_path: Path) -> None:
    text = MK.replace(
        "КО бр.77/23 од 10.10.2023 година,",
        "КО бр.77/23 од 10.10.2023 година, изменет на главниот претрес на 10.06.2024 година,",
    ).replace(
        "со што сторил кривично дело Трговија со луѓе по член 418-а став 1 од КЗ,",
        "со што сторил кривично дело Посредување во вршење проституција по член 191 став 1 од КЗ,",
    )
    rec = record(tmp_path, text)
    charge = rec.defendants[0]["charges"][0]
    assert charge["provision"].value["article"] == "191"
    assert charge["outcome"].value == "requalified"
    # the same conviction without an amended indictment stays a conviction, and so does an amended
    # indictment whose offence the court convicts of
    plain = record(tmp_path, MK.replace(
        "со што сторил кривично дело Трговија со луѓе по член 418-а став 1 од КЗ,",
        "со што сторил кривично дело Посредување во вршење проституција по член 191 став 1 од КЗ,",
    ))
    assert plain.defendants[0]["charges"][0]["outcome"].value == "convicted"
    same = record(tmp_path, MK.replace(
        "КО бр.77/23 од 10.10.2023 година,",
        "КО бр.77/23 од 10.10.2023 година, изменет на главниот претрес на 10.06.2024 година,",
    ))
    assert same.defendants[0]["charges"][0]["outcome"].value == "convicted"


def test_an_appeal_imposing_prison_instead_of_a_conditional_sentence_codes_prison(tmp_path: Path) -> None:
    text = MK.replace(
        "па судот го ОСУДУВА на казна затвор во траење од 5 (пет) години.",
        "па судот, наместо изречената условна осуда, го ОСУДУВА НА КАЗНА ЗАТВОР ВО ТРАЕЊЕ ОД 2 (ДВЕ) ГОДИНИ.",
    )
    rec = record(tmp_path, text)
    sentence = rec.defendants[0]["sentence"]
    assert sentence["type"].value == "prison"
    assert sentence["prison_months"].value == 24
    assert sentence["suspended"].value is False


def test_prosecutor_named_before_the_title_after_the_full_office_or_with_the_feminine_title(tmp_path: Path) -> None:
    present = "во присуство на јавниот обвинител Сашо Ристов"
    assert present in MK
    for wording, name in (
        ("во присуство на Сашо Ристов, јавен обвинител во ОЈО Дебар", "Сашо Ристов"),
        ("во присуство на јавниот обвинител на Основното јавно обвинителство Дебар Сашо Ристов", "Сашо Ристов"),
        ("во присуство на јавната обвинителка Вера Ангеловска", "Вера Ангеловска"),
    ):
        rec = record(tmp_path, MK.replace(present, wording))
        assert rec.case["prosecutor"]["name"].value == name, wording
        assert rec.case["prosecutor"]["office"].value == "Основно јавно обвинителство Дебар"


def test_an_expert_associate_keeping_the_record_is_the_registrar_not_a_judge(tmp_path: Path) -> None:
    text = MK.replace(
        "Мирјана Куновска-\nЗафировска, со записничар Елена Дамчевска,",
        "Мирјана Куновска, со стручниот соработник Елена Дамчевска како записничар,",
    )
    rec = record(tmp_path, text)
    assert rec.case["judges"].value == ["Горица Петреска", "Илија Ташевски", "Мирјана Куновска"]
    assert rec.case["registrar"].value == "Елена Дамчевска"


def test_a_fine_in_day_fines_is_the_total(tmp_path: Path) -> None:
    prison = "па судот го ОСУДУВА на казна затвор во траење од 5 (пет) години."
    for wording, total in (
        ("на парична казна од 80 дневни глоби по 400,00 денари, односно вкупно 32.000,00 денари.", "32000.00"),
        ("на парична казна од 90 (деведесет) дневни глоби по 500,00 денари.", "45000.00"),
        ("на парична казна во износ од 20.000,00 денари. Трошоците изнесуваат вкупно 3.000,00 денари.", "20000.00"),
    ):
        rec = record(tmp_path, MK.replace(prison, "па судот го ОСУДУВА " + wording))
        sentence = rec.defendants[0]["sentence"]
        assert sentence["type"].value == "fine"
        assert sentence["fine"].value == {"amount": total, "currency": "MKD"}, wording


def test_other_verbs_of_an_award_and_of_no_claim(tmp_path: Path) -> None:
    operative = (
        "СЕ ЗАДОЛЖУВА обвинетиот на име надомест на штета да ѝ исплати на оштетената Л.Т. износ од 90.000,00 "
        "денари, а оштетената Н.Ф. за имотноправното барање во целост се упатува на парница."
    )
    assert operative in MK
    award = "Обвинетиот се обврзува на оштетената Л.Т. да ѝ плати 70.000,00 денари, а на оштетената Н.Ф. 40.000,00 денари."
    assert compensation(record(tmp_path, MK.replace(operative, award))) == {"Л.Т.": "granted", "Н.Ф.": "granted"}
    reasons = (
        "Оштетената Л.Т. се придружи кон кривичното гонење без да постави имотноправно барање, а оштетената Н.Ф. "
        "изјави дека нема да поставува имотноправно барање."
    )
    text = MK.replace(operative, "").replace("Судот ги ценеше доказите.", reasons)
    assert compensation(record(tmp_path, text)) == {"Л.Т.": "not_claimed", "Н.Ф.": "not_claimed"}


def test_registrar_from_the_signature_block_and_a_panel_written_without_composed_of(tmp_path: Path) -> None:
    intro = (
        "во совет составен од судијата Горица Петреска како претседател на советот и судиите поротници Илија "
        "Ташевски и Мирјана Куновска-\nЗафировска, со записничар Елена Дамчевска,"
    )
    assert intro in MK
    # no registrar in the introduction: the name under "Записничар" in the two-column signature block
    rec = record(tmp_path, MK.replace(intro, "во совет составен од судијата Горица Петреска како претседател на "
                                      "советот и судиите поротници Илија Ташевски и Мирјана Куновска,"))
    assert rec.case["registrar"].value == "Елена Дамчевска"
    for wording in (
        "преку претседателот на советот, судијата Горица Петреска, и судиите поротници Илија Ташевски и Мирјана "
        "Куновска, со записничар Елена Дамчевска,",
        "судијата Горица Петреска, како претседател на советот, со судиите поротници Илија Ташевски и Мирјана "
        "Куновска, како членови на советот, и Елена Дамчевска како записничар,",
    ):
        rec = record(tmp_path, MK.replace(intro, wording))
        assert rec.case["judges"].value == ["Горица Петреска", "Илија Ташевски", "Мирјана Куновска"], wording
        assert rec.case["registrar"].value == "Елена Дамчевска"


def test_a_two_word_seat_of_court_and_office(tmp_path: Path) -> None:
    text = MK.replace("ОСНОВЕН СУД ДЕБАР", "ОСНОВЕН СУД СВЕТИ НИКОЛЕ").replace(
        "Основниот суд Дебар,", "Основниот суд Свети Николе,"
    ).replace("по обвинителниот акт на Основното јавно обвинителство Дебар", "по обвинителниот акт на ОЈО Свети Николе")
    rec = record(tmp_path, text)
    assert rec.case["court"].value == "Основен суд Свети Николе"
    assert rec.case["prosecutor"]["office"].value == "Основно јавно обвинителство Свети Николе"


def test_an_appeal_prosecutor_absent_or_named_by_the_higher_title(tmp_path: Path) -> None:
    present = "во присуство на јавниот обвинител Сашо Ристов"
    absent = MK.replace(present, "во отсуство на јавниот обвинител од Вишото јавно обвинителство Гостивар, "
                                 "кој беше уредно известен")
    rec = record(tmp_path, absent)
    assert rec.case["prosecutor"]["office"].value == "Вишо јавно обвинителство Гостивар"
    assert rec.case["prosecutor"]["name"].value is None
    higher = MK.replace(present, "откако го разгледа мислењето на Вишото јавно обвинителство Гостивар ВЈО бр.9/24, "
                                 "во присуство на заменикот на вишиот јавен обвинител Сашо Ристов")
    rec = record(tmp_path, higher)
    assert rec.case["prosecutor"]["office"].value == "Вишо јавно обвинителство Гостивар"
    assert rec.case["prosecutor"]["name"].value == "Сашо Ристов"


def test_a_panel_labelled_one_role_a_line(tmp_path: Path) -> None:
    intro = (
        "Основниот суд Дебар, во совет составен од судијата Горица Петреска како претседател на советот и судиите "
        "поротници Илија Ташевски и Мирјана Куновска-\nЗафировска, со записничар Елена Дамчевска, во"
    )
    assert intro in MK
    labelled = (
        "Основниот суд Дебар, во кривичниот совет:\n\nПретседател на советот: судија Горица Петреска\nЧленови на "
        "советот: судиите-поротници Илија Ташевски и Мирјана Куновска\nЗаписничар: Елена Дамчевска\n\nпостапувајќи во"
    )
    rec = record(tmp_path, MK.replace(intro, labelled))
    assert rec.case["judges"].value == ["Горица Петреска", "Илија Ташевски", "Мирјана Куновска"]
    assert rec.case["registrar"].value == "Елена Дамчевска"


TWO = MK.replace(
    "против обвинетиот Б.К. од Дебар,", "против обвинетите Б.К. и Д.М., двајцата од Дебар,"
).replace(
    "па судот го ОСУДУВА на казна затвор во траење од 5 (пет) години.",
    "па судот го ОСУДУВА на казна затвор во траење од 5 (пет) години.\n\nII. Обвинетата Д.М., родена 1980 "
    "година во Дебар, неосудувана,\n\nСЕ ОСЛОБОДУВА ОД ОБВИНЕНИЕ\n\nдека во истиот период им ги посочувала "
    "гостите,\n\nбидејќи не се докажа дека го сторила делото.",
)


def test_an_accused_acquitted_without_a_clause_of_her_own_is_acquitted(tmp_path: Path) -> None:
    rec = record(tmp_path, TWO)
    outcomes = {d["name"].value: [c["outcome"].value for c in d["charges"]] for d in rec.defendants}
    assert outcomes == {"Б.К.": ["convicted"], "Д.М.": ["acquitted"]}


def test_a_claim_withdrawn_said_only_in_the_reasons_is_not_decided(tmp_path: Path) -> None:
    operative = (
        "СЕ ЗАДОЛЖУВА обвинетиот на име надомест на штета да ѝ исплати на оштетената Л.Т. износ од 90.000,00 "
        "денари, а оштетената Н.Ф. за имотноправното барање во целост се упатува на парница."
    )
    text = MK.replace(operative, "СЕ ЗАДОЛЖУВА обвинетиот да ѝ исплати на оштетената Л.Т. износ од 90.000,00 денари.").replace(
        "Судот ги ценеше доказите.",
        "Оштетената Н.Ф. на главниот претрес изјави дека го повлекува имотноправното барање, па судот не "
        "одлучуваше за него.",
    )
    assert compensation(record(tmp_path, text)) == {"Л.Т.": "granted", "Н.Ф.": "not_decided"}


APPEAL = """АПЕЛАЦИОНЕН СУД БИТОЛА
КЖ-77/24
Битола, 12.04.2024 година

# ВО ИМЕТО НА НАРОДОТ

Апелациониот суд Битола, во совет составен од судиите Ана Петрова, претседател на советот, Иван Колев и Сара Ничева, членови на советот, со записничар Тина Бојкова, во кривичниот предмет против обвинетите Ф.К. и Г.М., поради кривично дело Трговија со луѓе по чл.418-а ст.1 од КЗ, одлучувајќи по жалбите на обвинетите против пресудата на Основниот суд Охрид К-12/23 од 10.01.2024 година, во присуство на јавниот обвинител од Вишото јавно обвинителство Битола Јана Ристова, ја донесе следната

# П Р Е С У Д А

Жалбата на обвинетиот Г.М. СЕ УВАЖУВА и пресудата СЕ ПРЕИНАЧУВА во однос на одлуката за казната така што Апелациониот суд обвинетиот Г.М. го осудува на казна затвор во траење од 3 (три) години.

Жалбата на обвинетиот Ф.К. СЕ ОДБИВА како неоснована и во непреиначениот дел првостепената пресуда СЕ ПОТВРДУВА.

# О б р а з л о ж е н и е

Со првостепената пресуда обвинетите Ф.К. и Г.М. се огласени за виновни што во 2022 година во Охрид ја врбувале малолетната Д.Т., родена 2007 година, заради сексуална експлоатација. Обвинетиот Ф.К. е осуден на казна затвор од 7 (седум) години, а обвинетиот Г.М. на казна затвор од 5 (пет) години. Оштетената Д.Т. не се огласи во текот на постапката.

Од изнесените причини се одлучи како во изреката.

Записничар || Претседател на советот
Тина Бојкова || Ана Петрова
"""


def test_an_appeal_changing_one_sentence_leaves_the_other_as_the_reasons_report_it(tmp_path: Path) -> None:
    rec = record(tmp_path, APPEAL)
    sentences = {d["name"].value: (d["sentence"]["type"].value, d["sentence"]["prison_months"].value) for d in rec.defendants}
    assert sentences == {"Ф.К.": ("prison", 84), "Г.М.": ("prison", 36)}
    assert [v["name"].value for v in rec.victims] == ["Д.Т."]  # "малолетната Д.Т." without "оштетена"
    assert compensation(rec) == {"Д.Т.": "not_claimed"}  # never came forward
    annulled = APPEAL.replace("и во непреиначениот дел првостепената пресуда СЕ ПОТВРДУВА.",
                              "а пресудата во однос на него СЕ УКИНУВА и предметот се враќа на повторно судење.")
    rec = record(tmp_path, annulled)
    assert {d["name"].value: d["sentence"]["type"].value for d in rec.defendants}["Ф.К."] is None


def test_a_later_victim_rejected_with_the_amount_she_claimed_or_referred_to_a_dispute(tmp_path: Path) -> None:
    operative = (
        "СЕ ЗАДОЛЖУВА обвинетиот на име надомест на штета да ѝ исплати на оштетената Л.Т. износ од 90.000,00 "
        "денари, а оштетената Н.Ф. за имотноправното барање во целост се упатува на парница."
    )
    rejected = (
        "Се задолжува обвинетиот на оштетената Л.Т. да ѝ исплати 70.000,00 денари на име нематеријална штета, а "
        "оштетената Н.Ф. со барањето за исплата на 40.000,00 денари се одбива."
    )
    assert compensation(record(tmp_path, MK.replace(operative, rejected))) == {"Л.Т.": "granted", "Н.Ф.": "rejected"}
    dispute = "Оштетените Л.Т. и Н.Ф. за остварување на своите барања се упатуваат на спор."
    assert compensation(record(tmp_path, MK.replace(operative, dispute))) == {
        "Л.Т.": "referred_to_civil", "Н.Ф.": "referred_to_civil"}


def test_an_appeal_prosecutor_at_the_higher_office_after_a_comma(tmp_path: Path) -> None:
    text = APPEAL.replace("јавниот обвинител од Вишото јавно обвинителство Битола Јана Ристова",
                          "јавниот обвинител при Вишото јавно обвинителство Битола, Јана Ристова")
    rec = record(tmp_path, text)
    assert rec.case["prosecutor"]["name"].value == "Јана Ристова"
    assert rec.case["prosecutor"]["office"].value == "Вишо јавно обвинителство Битола"


def test_a_relative_named_after_the_victim_word_and_a_comma_is_no_victim(tmp_path: Path) -> None:
    text = MK.replace("Судот ги ценеше доказите.",
                      "Мајката на оштетената, Вера Петрова, изјави дека ќерка ѝ се вратила дома.")
    assert sorted(v["name"].value for v in record(tmp_path, text).victims) == ["Л.Т.", "Н.Ф."]


def test_the_judges_role_word_of_the_other_signature_column_is_no_registrar(tmp_path: Path) -> None:
    text = MK.replace(", со записничар Елена Дамчевска,", ",").replace(
        "Записничар || Претседател на советот – судија\nЕлена Дамчевска || Горица Петреска",
        "ЗАПИСНИЧАР ПРЕТСЕДАТЕЛ НА СОВЕТ\nЕлена Дамчевска Горица Петреска",
    )
    assert record(tmp_path, text).case["registrar"].value != "ПРЕТСЕДАТЕЛ НА СОВЕТ"


# ---- fifth round: the sentence per defendant, every variant of the same formula (our own sentences)

SENTENCE = "па судот го ОСУДУВА на казна затвор во траење од 5 (пет) години."

TWO_ACCUSED = MK.replace("против обвинетиот Б.К. од Дебар", "против обвинетите Б.К. и Д.С. од Дебар").replace(
    "Обвинетиот Б.К., роден 1981 година во Дебар, државјанин на Република Северна Македонија,\n\nСЕ ОГЛАСУВА ЗА ВИНОВЕН",
    "Обвинетиот Б.К., роден 1981 година во Дебар, државјанин на Република Северна Македонија, и\n\nобвинетиот Д.С., "
    "роден 1985 година во Дебар, државјанин на Република Северна Македонија,\n\nСЕ ОГЛАСУВААТ ЗА ВИНОВНИ",
).replace("ги врбувал", "ги врбувале")


def sentences(rec) -> dict[str, tuple]:
    def value(s, key):
        return s[key].value if s.get(key) is not None else None

    return {
        d["name"].value: (value(d["sentence"], "type"), value(d["sentence"], "prison_months"),
                          value(d["sentence"], "probation_months"))
        for d in rec.defendants
    }


def test_a_length_written_in_words_first_with_slashes_or_before_the_word_prison(tmp_path: Path) -> None:
    assert SENTENCE in MK
    for wording, months in (
        ("па судот го ОСУДУВА на казна затвор во траење од три (3) години и два (2) месеци.", 38),
        ("па судот го ОСУДУВА на казна затвор во траење од 7 /седум/ години.", 84),
        ("па судот го ОСУДУВА на 2 (две) години и 6 (шест) месеци затвор.", 30),
        ("па судот го осудува на казна од ЕДНА ГОДИНА затвор.", 12),
        ("па судот го ОСУДУВА на казна затвор во траење од 1 (една) година, 4 (четири) месеци и 15 (петнаесет) дена.", 16.5),
    ):
        rec = record(tmp_path, MK.replace(SENTENCE, wording))
        assert sentences(rec) == {"Б.К.": ("prison", months, None)}, wording


def test_a_conditional_sentence_written_without_its_name_keeps_prison_and_probation_apart(tmp_path: Path) -> None:
    for wording, prison, probation in (
        ("па му утврдува казна затвор во траење од 10 (десет) месеци и определува дека утврдената казна нема да се "
         "изврши ако обвинетиот за време од 3 (три) години не стори ново кривично дело.", 10, 36),
        ("па му изрекува условна осуда со која му утврдува казна затвор од 1 (една) година, која нема да се изврши "
         "доколку во периодот од 2 (две) години по правосилноста не стори ново кривично дело.", 12, 24),
    ):
        rec = record(tmp_path, MK.replace(SENTENCE, wording))
        assert sentences(rec) == {"Б.К.": ("conditional", prison, probation)}, wording


def test_one_prison_phrase_for_two_accused_each_with_a_length_of_their_own(tmp_path: Path) -> None:
    for wording, first, second in (
        ("па судот го ОСУДУВА обвинетиот Б.К. на казна затвор во траење од 6 (шест) години, а обвинетиот Д.С. на "
         "4 (четири) години и 2 (два) месеци.", 72, 50),
        ("па судот ги ОСУДУВА на казна затвор и тоа обвинетиот Б.К. во траење од 3 (три) години, а обвинетиот "
         "Д.С. од 18 (осумнаесет) месеци.", 36, 18),
        ("па судот ги ОСУДУВА обвинетиот Д.С. на 2 (две) години затвор, а обвинетиот Б.К. на 5 (пет) години "
         "затвор.", 60, 24),
        ("па судот ГИ ОСУДУВА на казна затвор во траење од по 3 (три) години секој.", 36, 36),
    ):
        rec = record(tmp_path, TWO_ACCUSED.replace(SENTENCE, wording))
        assert sentences(rec) == {"Б.К.": ("prison", first, None), "Д.С.": ("prison", second, None)}, wording


def test_a_probation_after_the_name_of_the_one_accused_is_no_second_sentence(tmp_path: Path) -> None:
    wording = (
        "па судот го ОСУДУВА обвинетиот Б.К. на казна затвор во траење од 2 (две) години, а на обвинетиот Д.С. "
        "му изрекува условна осуда со која му утврдува казна затвор од 8 (осум) месеци што нема да се изврши ако "
        "обвинетиот Д.С. за време од 2 (две) години не стори ново кривично дело."
    )
    rec = record(tmp_path, TWO_ACCUSED.replace(SENTENCE, wording))
    assert sentences(rec) == {"Б.К.": ("prison", 24, None), "Д.С.": ("conditional", 8, 24)}


def test_custody_and_house_arrest_credited_in_one_sentence_add_up(tmp_path: Path) -> None:
    wording = (
        SENTENCE + "\n\nВо казната му се засметува времето поминато во притвор од 10.01.2023 до 10.02.2023 година и "
        "во куќен притвор од 10.02.2023 до 12.03.2023 година."
    )
    rec = record(tmp_path, MK.replace(SENTENCE, wording))
    assert rec.defendants[0]["detention_days"].value == 61
    two = TWO_ACCUSED.replace(SENTENCE, "па судот ГИ ОСУДУВА на казна затвор во траење од по 3 (три) години секој.\n\n"
                      "Во казната на обвинетиот Б.К. му се засметува притворот од 01.03.2023 до 31.03.2023 година, "
                      "а на обвинетиот Д.С. од 01.03.2023 до 11.03.2023 година.")
    assert [d["detention_days"].value for d in record(tmp_path, two).defendants] == [30, 10]
