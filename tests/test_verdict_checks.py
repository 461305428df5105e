"""Input that is not a verdict is flagged, not silently coded (pipeline.coding.checks).

A folder of court downloads also holds cover letters, English translations and files saved under the
wrong extension. They get a record all the same (a lawyer decides), whose ``warnings`` say why it is
doubtful, and the batch summary counts them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE_SOURCES, read_jsonl, spoton

ENGLISH_LETTER = """Dear colleagues,

please find attached the documents we received from the court last week. We will send the remaining
files as soon as the registry office has made the copies. The meeting of the working group is planned for
the second week of March; the agenda and the list of participants will follow by e-mail.

Kind regards,
The project team
"""

SERBIAN_NOTE = """Poštovane koleginice i kolege,

u prilogu vam šaljemo spisak materijala koje smo prikupili tokom prošlog meseca. Sastanak radne grupe
održaće se sledeće nedelje u prostorijama organizacije, a dnevni red ćemo poslati naknadno. Molimo vas da
potvrdite svoje učešće do petka, kako bismo na vreme pripremili materijale za sve učesnike.

Srdačan pozdrav,
tim projekta
"""


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict:
    src = tmp_path_factory.mktemp("checks-in")
    out = tmp_path_factory.mktemp("checks") / "out"
    (src / "letter_en.txt").write_text(ENGLISH_LETTER, encoding="utf-8")
    (src / "dopis_sr.txt").write_text(SERBIAN_NOTE, encoding="utf-8")
    verdict = (SAMPLE_SOURCES / "rs_k_57_2019_latn.txt").read_text(encoding="utf-8")
    (src / "presuda.docx").write_text(verdict, encoding="utf-8")  # plain text under a Word name
    (src / "presuda.txt").write_text(verdict.replace("K 57/19", "K 58/19"), encoding="utf-8")
    proc = spoton("run", src, "--out", out, "--quiet", "--workers", "1")
    records = {Path(r["source"]["path"]).name: r for r in read_jsonl(out / "records.jsonl")}
    return {"proc": proc, "records": records}


def _codes(record: dict) -> set[str]:
    return {w["code"] for w in record["warnings"]}


def test_every_file_gets_its_record(batch: dict) -> None:
    assert batch["proc"].returncode == 0, batch["proc"].stderr
    assert set(batch["records"]) == {"letter_en.txt", "dopis_sr.txt", "presuda.docx", "presuda.txt"}


def test_a_real_verdict_is_not_flagged(batch: dict) -> None:
    assert batch["records"]["presuda.txt"]["warnings"] == []


def test_english_letter_is_flagged_for_language_and_content(batch: dict) -> None:
    record = batch["records"]["letter_en.txt"]
    assert _codes(record) == {"language_unsupported", "not_a_verdict"}
    message = next(w["message"] for w in record["warnings"] if w["code"] == "language_unsupported")
    assert "en" in message and "sr" in message


def test_a_letter_in_a_verdict_language_is_flagged_as_not_a_verdict(batch: dict) -> None:
    assert _codes(batch["records"]["dopis_sr.txt"]) == {"not_a_verdict"}


def test_extension_naming_another_format_is_flagged(batch: dict) -> None:
    record = batch["records"]["presuda.docx"]
    assert _codes(record) == {"extension_mismatch"}
    assert record["case"]["case_number"]["value"] == "K 57/19"  # still coded from its real content
    assert ".docx" in record["warnings"][0]["message"] and "txt" in record["warnings"][0]["message"]


def test_batch_summary_counts_flagged_records(batch: dict) -> None:
    summary = batch["proc"].stderr
    assert "flagged records: 1 extension mismatch, 1 language unsupported, 2 not a verdict" in summary
