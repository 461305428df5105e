"""`spoton import` on SQLite and PostgreSQL: idempotent, and a re-import after a pipeline re-run refreshes
drafts only: every value a lawyer confirmed, corrected or marked not stated stays, and what the new draft
would change in them is listed as a suggestion."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.store import paths, records
from pipeline.store.importer import import_batch
from pipeline.store.schema import Change, DocumentRow
from pipeline.store.users import get_user

REPO = Path(__file__).resolve().parents[2]
PRISON = "defendants[0].sentence.prison_months"
OUTCOME = "victims[0].compensation.outcome"


def _save(engine, doc_id, changes, name="ana"):
    with Session(engine) as session:
        _, version = records.get_record(session, doc_id)
        result = records.apply_changes(session, doc_id, version, changes, get_user(session, name))
        session.commit()
        return result


def _rerun(batch: Path, tmp_path: Path, doc_id: str, edit) -> Path:
    """A copy of the batch as a new pipeline version would write it: ``edit(record)`` changes the draft."""
    out = tmp_path / "rerun"
    shutil.copytree(batch, out)
    path = out / doc_id / "record.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    edit(record)
    record["pipeline_version"] = "9.9.9"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return out


def _fv(record, path):
    return paths.get(record, path)


def test_importing_the_same_batch_again_changes_nothing(imported_db):
    with Session(imported_db.engine) as session:
        changes = session.execute(select(func.count()).select_from(Change)).scalar_one()
        versions = dict(session.execute(select(DocumentRow.doc_id, DocumentRow.updated_at)).all())
    summary = import_batch(imported_db.engine, imported_db.batch)
    assert summary.added == 0 and summary.refreshed == 0 and summary.unchanged == len(versions)
    with Session(imported_db.engine) as session:
        assert session.execute(select(func.count()).select_from(Change)).scalar_one() == changes
        assert dict(session.execute(select(DocumentRow.doc_id, DocumentRow.updated_at)).all()) == versions


def test_reimport_after_a_rerun_keeps_every_human_value(imported_db, tmp_path):
    doc = imported_db.doc("RS")
    engine = imported_db.engine
    _save(engine, doc, [
        {"path": PRISON, "value": 42, "status": "corrected"},
        {"path": "case.court", "status": "confirmed"},
        {"path": "case.final_date", "status": "not_stated"},
        {"op": "add", "path": "entities", "value": {"label": "VICTIM", "start": 0, "end": 5}},
    ])
    human, _ = records.get_record(Session(engine), doc)

    def new_pipeline(record):
        record["defendants"][0]["sentence"]["prison_months"]["value"] = 48  # disagrees with the lawyer
        record["case"]["court"]["value"] = "Viši sud u Nišu (new spelling)"
        record["case"]["final_date"]["value"] = "2021-09-01"
        record["case"]["registrar"]["value"] = "Registrar from the new model"  # nobody decided: refreshed
        record["case"]["registrar"]["confidence"] = 0.99
        record["entities"] = record["entities"][:3]

    rerun = _rerun(imported_db.batch, tmp_path, doc, new_pipeline)
    summary = import_batch(engine, rerun)
    assert summary.refreshed == 1 and summary.added == 0 and not summary.failed
    with Session(engine) as session:
        record, version = records.get_record(session, doc)
        suggestions = records.pending(session, doc)
        history = records.history(session, doc)
    # every human decision is as the lawyer left it
    for path, fv in paths.iter_fields(human):
        if fv["status"] != "draft":
            assert _fv(record, path) == fv, path
    assert _fv(record, PRISON)["value"] == 42
    assert _fv(record, "case.court")["status"] == "confirmed"
    assert _fv(record, "case.final_date") == _fv(human, "case.final_date")
    # drafts nobody decided take the new draft
    assert _fv(record, "case.registrar")["value"] == "Registrar from the new model"
    assert record["pipeline_version"] == "9.9.9"
    # the lawyer's entity span stays beside the new draft's
    assert any(str(e.get("source", "")).startswith("human:") for e in record["entities"])
    # what the new draft would change in human values is listed
    listed = {s["path"]: s for s in suggestions}
    assert listed[PRISON]["current"] == 42 and listed[PRISON]["suggested"]["value"] == 48
    assert listed["case.court"]["suggested"]["value"] == "Viši sud u Nišu (new spelling)"
    assert "case.final_date" in listed
    assert "case.registrar" not in listed
    # the refresh is in the history, and the history still replays to the record
    assert history[-1]["op"] == "draft" and history[-1]["version"] == version
    assert records.replay(history) == record
    # importing the re-run again changes nothing more
    again = import_batch(engine, rerun)
    assert again.refreshed == 0


def test_taking_or_dismissing_a_suggestion(imported_db, tmp_path):
    doc = imported_db.doc("RS")
    engine = imported_db.engine
    _save(engine, doc, [{"path": PRISON, "value": 42}, {"path": OUTCOME, "value": "granted"}])

    def new_pipeline(record):
        record["defendants"][0]["sentence"]["prison_months"]["value"] = 48
        record["victims"][0]["compensation"]["outcome"]["value"] = "rejected"

    import_batch(engine, _rerun(imported_db.batch, tmp_path, doc, new_pipeline))
    with Session(engine) as session:
        assert {s["path"] for s in records.pending(session, doc)} == {PRISON, OUTCOME}
    record, _ = _save(engine, doc, [{"path": PRISON, "value": 48, "status": "confirmed"}])  # take it
    assert _fv(record, PRISON)["value"] == 48
    with Session(engine) as session:
        left = records.dismiss_suggestion(session, doc, OUTCOME, get_user(session, "ana"))
        session.commit()
        assert left == [] and records.pending(session, doc) == []
        assert records.get_record(session, doc)[0]["victims"][0]["compensation"]["outcome"]["value"] == "granted"


def test_a_victim_the_lawyer_added_survives_a_rerun(imported_db, tmp_path):
    doc = imported_db.doc("RS")
    engine = imported_db.engine
    before, _ = records.get_record(Session(engine), doc)
    n = len(before["victims"])
    _save(engine, doc, [{"op": "add", "path": "victims"}])
    _save(engine, doc, [{"path": f"victims[{n}].name", "value": "N.N."}])

    def new_pipeline(record):
        record["victims"][0]["age"]["value"] = 17

    import_batch(engine, _rerun(imported_db.batch, tmp_path, doc, new_pipeline))
    with Session(engine) as session:
        record, _ = records.get_record(session, doc)
        suggestions = records.pending(session, doc)
    assert len(record["victims"]) == n + 1
    assert _fv(record, f"victims[{n}].name")["value"] == "N.N."
    assert [s["path"] for s in suggestions] == ["victims"]  # the new draft's victims, to take or leave


def test_spoton_import_cli(processed_batch, tmp_path):
    db = tmp_path / "cli.sqlite"
    first = subprocess.run([sys.executable, "-m", "pipeline", "import", str(processed_batch), "--db", str(db)],
                           capture_output=True, text=True, cwd=REPO)
    assert first.returncode == 0, first.stderr
    assert "added" in first.stderr
    second = subprocess.run([sys.executable, "-m", "pipeline", "import", str(processed_batch), "--db", str(db)],
                            capture_output=True, text=True, cwd=REPO)
    assert second.returncode == 0 and "0 added, 0 refreshed" in second.stderr
    missing = subprocess.run([sys.executable, "-m", "pipeline", "import", str(tmp_path / "nope"), "--db", str(db)],
                             capture_output=True, text=True, cwd=REPO)
    assert missing.returncode == 2
