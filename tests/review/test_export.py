"""`spoton export` of confirmed data: every format readable by the tool it is for, victims pseudonymised
(V1, V2 ... stable per record) everywhere unless an admin asks otherwise, spans moved with the text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from pipeline.export import FORMATS, export_records, pseudonymise_text, pseudonyms
from pipeline.store import records
from pipeline.store.users import get_user

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"  # conftest.USERS' password


def _confirm_all(engine, country="RS") -> list[dict]:
    """Confirm every verdict of a country; their records."""
    from sqlalchemy import select

    from pipeline.store.schema import DocumentRow

    out = []
    with Session(engine) as session:
        ids = list(session.execute(select(DocumentRow.doc_id).where(DocumentRow.country == country)).scalars())
        user = get_user(session, "ana")
        for doc_id in ids:
            _, version = records.get_record(session, doc_id)
            record, _ = records.confirm(session, doc_id, version, user)
            out.append(record)
        session.commit()
    return out


def _victim_names(recs: list[dict]) -> set[str]:
    return {v["name"]["value"] for r in recs for v in r["victims"] if v["name"]["value"]
            and len(v["name"]["value"]) >= 2}


@pytest.fixture
def confirmed(imported_db):
    recs = _confirm_all(imported_db.engine)
    assert _victim_names(recs), "the Serbian samples name victims"
    return recs


def _export(imported_db, fmt, tmp_path, **kwargs) -> Path:
    out = tmp_path / f"out.{FORMATS[fmt]}"
    with Session(imported_db.engine) as session:
        count = export_records(session, fmt, out, **kwargs)
    assert count == len(imported_db.by_country["RS"]) if kwargs.get("countries") == ["RS"] else count >= 1
    return out


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_victim_name_in_any_format(imported_db, confirmed, tmp_path, fmt):
    out = _export(imported_db, fmt, tmp_path, countries=["RS"])
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(out)
        content = "\n".join(str(c) for sheet in book for row in sheet.values for c in row)
    elif fmt == "parquet":
        import pandas

        content = pandas.read_parquet(out).to_csv()
    elif fmt == "docbin":
        import spacy
        from spacy.tokens import DocBin

        docs = list(DocBin().from_bytes(out.read_bytes()).get_docs(spacy.blank("xx").vocab))
        content = "\n".join(d.text for d in docs)
        assert any(ent.label_ == "VICTIM" and ent.text.startswith("V") for d in docs for ent in d.ents)
    else:
        content = out.read_text(encoding="utf-8")
    for name in _victim_names(confirmed):
        assert name not in content, (fmt, name)
    if fmt not in ("csv", "parquet"):  # a row per defendant x charge holds a victim summary, no names
        assert "V1" in content


def test_xlsx_has_a_sheet_per_level(imported_db, confirmed, tmp_path):
    from openpyxl import load_workbook

    book = load_workbook(_export(imported_db, "xlsx", tmp_path, countries=["RS"]))
    assert book.sheetnames == ["cases", "defendants_charges", "victims"]
    cases = list(book["cases"].values)
    assert len(cases) - 1 == len(confirmed)
    victims = list(book["victims"].values)
    assert len(victims) - 1 == sum(len(r["victims"]) for r in confirmed)
    charges = list(book["defendants_charges"].values)
    assert "charge.provision.article" in charges[0] and "defendant.sentence.prison_months" in charges[0]


def test_only_confirmed_records_are_exported(imported_db, tmp_path):
    out = tmp_path / "none.jsonl"
    with Session(imported_db.engine) as session:
        assert export_records(session, "jsonl", out) == 0
    assert out.read_text() == ""


def test_pseudonyms_are_stable_per_record_and_across_formats(imported_db, confirmed, tmp_path):
    lines = _export(imported_db, "jsonl", tmp_path, countries=["RS"]).read_text(encoding="utf-8").splitlines()
    exported = {json.loads(line)["document_id"]: json.loads(line) for line in lines}
    tasks = json.loads(_export(imported_db, "labelstudio", tmp_path, countries=["RS"]).read_text(encoding="utf-8"))
    for record in confirmed:
        mapping = pseudonyms(record)
        out = exported[record["document_id"]]
        assert [v["name"]["value"] for v in out["victims"]] == [mapping.get(v["name"]["value"], v["name"]["value"])
                                                                  for v in record["victims"]]
        assert len(set(mapping.values())) == len(mapping)
    for task in tasks:
        text = task["data"]["text"]
        for item in task["annotations"][0]["result"]:
            value = item["value"]
            assert text[value["start"]:value["end"]] == value["text"]  # spans follow the pseudonymised text


def test_pseudonymise_text_moves_spans():
    record = {"victims": [{"name": {"value": "A.B.", "confidence": 1}}, {"name": {"value": "Marija P.", "confidence": 1}}]}
    text = "Oštećena A.B. i oštećena Marija P. su svedočile; A.B. je maloletna."
    spans = [{"label": "VICTIM", "start": 9, "end": 13}, {"label": "VICTIM", "start": 25, "end": 34},
             {"label": "DATE", "start": 38, "end": 47}]
    new_text, moved = pseudonymise_text(text, record, spans)
    assert new_text == "Oštećena V1 i oštećena V2 su svedočile; V1 je maloletna."
    assert [new_text[s["start"]:s["end"]] for s in moved] == ["V1", "V2", text[38:47]]


def test_spoton_export_cli_and_the_admin_rule(imported_db, confirmed, tmp_path):
    if imported_db.url.startswith("postgresql"):
        pytest.skip("the CLI is the same on both databases; once is enough")
    out = tmp_path / "cases.csv"
    run = subprocess.run([sys.executable, "-m", "pipeline", "export", "--db", imported_db.url, "--format", "csv",
                          "--out", str(out), "--country", "RS"], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    assert all(name not in text for name in _victim_names(confirmed))
    # names as written: admins only, with their password
    plain = tmp_path / "plain.jsonl"
    refused = subprocess.run([sys.executable, "-m", "pipeline", "export", "--db", imported_db.url, "--format",
                              "jsonl", "--out", str(plain), "--no-pseudonyms", "--admin", "ana"],
                             input=PASSWORD + "\n", capture_output=True, text=True, cwd=REPO)
    assert refused.returncode == 2 and not plain.exists()
    allowed = subprocess.run([sys.executable, "-m", "pipeline", "export", "--db", imported_db.url, "--format",
                              "jsonl", "--out", str(plain), "--no-pseudonyms", "--admin", "admin"],
                             input=PASSWORD + "\n", capture_output=True, text=True, cwd=REPO)
    assert allowed.returncode == 0, allowed.stderr
    plain_text = plain.read_text(encoding="utf-8")
    assert all(name in plain_text for name in _victim_names(confirmed))
