"""The review store on SQLite and PostgreSQL: what a lawyer saves is kept, merged with others' saves or
refused with both values, never silently overwritten; the audit history replays to the current record."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.store import records
from pipeline.store.records import Conflict, ReadOnly, StoreError
from pipeline.store.schema import Change, DocumentRow
from pipeline.store.users import get_user

PRISON = "defendants[0].sentence.prison_months"
OUTCOME = "victims[0].compensation.outcome"


def _save(engine, doc_id, version, changes, name="ana", comment=None):
    with Session(engine) as session:
        try:
            result = records.apply_changes(session, doc_id, version, changes, get_user(session, name), comment)
            session.commit()
            return result
        except BaseException:
            session.rollback()
            raise


def _get(engine, doc_id):
    with Session(engine) as session:
        return records.get_record(session, doc_id)


def _value(record, path):
    return records.paths.get(record, path)["value"]


def test_changes_to_different_fields_merge(imported_db):
    doc = imported_db.doc("RS")
    _, v1 = _get(imported_db.engine, doc)
    _save(imported_db.engine, doc, v1, [{"path": PRISON, "value": 42, "status": "corrected"}], "ana")
    # marko opened the record at the same version and changes another field: both stay
    record, v3 = _save(imported_db.engine, doc, v1, [{"path": OUTCOME, "value": "granted", "status": "corrected"}],
                       "marko")
    assert v3 == v1 + 2
    assert _value(record, PRISON) == 42
    assert _value(record, OUTCOME) == "granted"
    assert records.paths.get(record, OUTCOME)["status"] == "corrected"
    assert records.paths.get(record, OUTCOME)["source"] == "human:marko"


def test_same_field_changed_since_is_a_conflict_with_both_values(imported_db):
    doc = imported_db.doc("RS")
    before, v1 = _get(imported_db.engine, doc)
    _save(imported_db.engine, doc, v1, [{"path": PRISON, "value": 42, "status": "corrected"}], "ana")
    with pytest.raises(Conflict) as caught:
        _save(imported_db.engine, doc, v1, [{"path": PRISON, "value": 36, "status": "corrected"},
                                            {"path": OUTCOME, "value": "granted"}], "marko")
    payload = caught.value.to_json()
    assert payload["version"] == v1 + 1
    [conflict] = payload["conflicts"]
    assert conflict["path"] == PRISON
    assert conflict["yours"]["value"] == 36
    assert conflict["theirs"]["value"] == 42 and conflict["theirs"]["user"] == "ana"
    assert conflict["base"] == _value(before, PRISON)
    # nothing of marko's save went in, not even the field without a conflict
    record, version = _get(imported_db.engine, doc)
    assert version == v1 + 1
    assert _value(record, PRISON) == 42
    assert _value(record, OUTCOME) == _value(before, OUTCOME)


def test_same_value_saved_twice_is_no_conflict(imported_db):
    doc = imported_db.doc("RS")
    _, v1 = _get(imported_db.engine, doc)
    _save(imported_db.engine, doc, v1, [{"path": PRISON, "value": 42}], "ana")
    record, _ = _save(imported_db.engine, doc, v1, [{"path": PRISON, "value": 42}], "marko")
    assert _value(record, PRISON) == 42


def test_accepting_a_value_someone_corrected_since_is_a_conflict(imported_db):
    doc = imported_db.doc("RS")
    _, v1 = _get(imported_db.engine, doc)
    _save(imported_db.engine, doc, v1, [{"path": "case.court", "value": "Viši sud u Nišu"}], "ana")
    with pytest.raises(Conflict):
        _save(imported_db.engine, doc, v1, [{"path": "case.court", "status": "confirmed"}], "marko")


def test_editing_a_victim_someone_removed_is_a_conflict(imported_db):
    doc = imported_db.doc("RS")
    record, v1 = _get(imported_db.engine, doc)
    assert len(record["victims"]) >= 2
    _save(imported_db.engine, doc, v1, [{"op": "remove", "path": "victims[0]"}], "ana")
    with pytest.raises(Conflict):
        _save(imported_db.engine, doc, v1, [{"path": "victims[1].age", "value": 19}], "marko")
    # the case level is not touched by the removal: merges
    _save(imported_db.engine, doc, v1, [{"path": "case.public_excluded", "value": True}], "marko")


def test_add_and_remove_defendants_charges_victims(imported_db):
    doc = imported_db.doc("RS")
    record, v = _get(imported_db.engine, doc)
    n_victims, n_charges = len(record["victims"]), len(record["defendants"][0]["charges"])
    record, v = _save(imported_db.engine, doc, v, [{"op": "add", "path": "victims"},
                                                   {"op": "add", "path": "defendants[0].charges"},
                                                   {"op": "add", "path": "defendants"}])
    assert len(record["victims"]) == n_victims + 1
    assert len(record["defendants"][0]["charges"]) == n_charges + 1
    new_victim = record["victims"][-1]
    assert new_victim["compensation"]["outcome"]["value"] is None  # every codebook field, empty
    record, v = _save(imported_db.engine, doc, v, [{"path": f"victims[{n_victims}].name", "value": "N.N."},
                                                   {"op": "remove", "path": "defendants[0].charges[0]"}])
    assert _value(record, f"victims[{n_victims}].name") == "N.N."
    assert len(record["defendants"][0]["charges"]) == n_charges


def test_bad_changes_are_refused_with_a_reason(imported_db):
    doc = imported_db.doc("RS")
    _, v = _get(imported_db.engine, doc)
    for change, code in [
        ({"path": "case.nonsense", "value": 1}, "bad_path"),
        ({"path": PRISON, "value": "forty"}, "bad_value"),
        ({"path": "victims[0].compensation.outcome", "value": "maybe"}, "bad_value"),
        ({"path": PRISON, "value": 4, "status": "approved"}, "bad_status"),
        ({"op": "remove", "path": "victims"}, "bad_path"),
        ({"path": "victims[99].age", "value": 3}, "bad_path"),
    ]:
        with pytest.raises(StoreError) as caught:
            _save(imported_db.engine, doc, v, [change])
        assert caught.value.code == code, change
    assert _get(imported_db.engine, doc)[1] == v


def test_not_stated_and_evidence_from_a_selection(imported_db):
    doc = imported_db.doc("RS")
    _, v = _get(imported_db.engine, doc)
    record, v = _save(imported_db.engine, doc, v, [
        {"path": "case.final_date", "status": "not_stated"},
        {"path": "case.registrar", "value": "Jelena S.", "evidence": [{"start": 0, "end": 10, "page": 1}]},
    ])
    assert records.paths.get(record, "case.final_date") | {"evidence": []} == {
        **records.paths.get(record, "case.final_date"), "value": None, "status": "not_stated", "evidence": []}
    evidence = records.paths.get(record, "case.registrar")["evidence"]
    with Session(imported_db.engine) as session:
        text = session.get(DocumentRow, doc).text
    assert evidence == [{"start": 0, "end": 10, "text": text[:10], "page": 1}]


def test_confirm_needs_the_current_version_and_makes_the_record_read_only(imported_db):
    doc = imported_db.doc("RS")
    _, v1 = _get(imported_db.engine, doc)
    _save(imported_db.engine, doc, v1, [{"path": PRISON, "value": 42}])
    with Session(imported_db.engine) as session, pytest.raises(Conflict):
        records.confirm(session, doc, v1, get_user(session, "ana"))
    with Session(imported_db.engine) as session:
        record, version = records.confirm(session, doc, v1 + 1, get_user(session, "ana"))
        session.commit()
    statuses = {fv["status"] for _, fv in records.paths.iter_fields(record)}
    assert statuses <= {"confirmed", "corrected", "not_stated"}
    assert records.paths.get(record, PRISON)["status"] == "corrected"
    with pytest.raises(ReadOnly):
        _save(imported_db.engine, doc, version, [{"path": OUTCOME, "value": "granted"}])
    with Session(imported_db.engine) as session:
        _, version = records.reopen(session, doc, get_user(session, "ana"), comment="new appeal decision")
        session.commit()
        assert session.get(DocumentRow, doc).status == "reopened"
    record, _ = _save(imported_db.engine, doc, version, [{"path": OUTCOME, "value": "granted"}])
    assert _value(record, OUTCOME) == "granted"


def test_concurrent_saves_of_one_field_give_one_winner_and_one_conflict(imported_db):
    doc = imported_db.doc("RS")
    _, v1 = _get(imported_db.engine, doc)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(name: str, value: int) -> None:
        with Session(imported_db.engine) as session:
            user = get_user(session, name)
            session.commit()
            barrier.wait()
            try:
                records.apply_changes(session, doc, v1, [{"path": PRISON, "value": value}], user)
                session.commit()
                outcomes[name] = "saved"
            except Conflict as exc:
                session.rollback()
                outcomes[name] = exc

    threads = [threading.Thread(target=save, args=("ana", 40)), threading.Thread(target=save, args=("marko", 50))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(type(o).__name__ for o in outcomes.values()) == ["Conflict", "str"]
    winner = next(n for n, o in outcomes.items() if o == "saved")
    record, version = _get(imported_db.engine, doc)
    assert version == v1 + 1
    assert _value(record, PRISON) == {"ana": 40, "marko": 50}[winner]


def test_replaying_the_history_gives_the_current_record(imported_db):
    doc = imported_db.doc("RS")
    engine = imported_db.engine
    _, v = _get(engine, doc)
    _, v = _save(engine, doc, v, [{"path": PRISON, "value": 42}, {"op": "add", "path": "victims"}], comment="typo")
    _, v = _save(engine, doc, v, [{"op": "remove", "path": "victims[0]"}, {"path": "case.final_date",
                                                                        "status": "not_stated"}], "marko")
    _, v = _save(engine, doc, v, [{"op": "revert", "path": PRISON}])
    with Session(engine) as session:
        records.accept_above(session, doc, v, 0.9, get_user(session, "ana"))
        session.commit()
    with Session(engine) as session:
        _, v = records.get_record(session, doc)
        records.confirm(session, doc, v, get_user(session, "ana"))
        session.commit()
    with Session(engine) as session:
        history = records.history(session, doc)
        current, _ = records.get_record(session, doc)
    assert history[0]["op"] == "import"
    assert records.replay(history) == current
    # every human decision carries who, when, before/after and the draft's version and confidence
    decisions = [c for c in history if c["op"] in ("set", "confirm")]
    assert decisions and all(c["user"] and c["at"] and c["draft_model_version"] for c in decisions)
    prison = next(c for c in history if c["path"] == PRISON and c["op"] == "set")
    assert prison["comment"] == "typo" and prison["after"]["value"] == 42
    assert prison["draft_confidence"] is not None


def test_the_history_is_append_only(imported_db):
    doc = imported_db.doc("RS")
    engine = imported_db.engine
    with Session(engine) as session:
        before = session.execute(select(Change.id, Change.after).where(Change.doc_id == doc).order_by(Change.id)).all()
    _, v = _get(engine, doc)
    _save(engine, doc, v, [{"path": PRISON, "value": 42}])
    with Session(engine) as session:
        after = session.execute(select(Change.id, Change.after).where(Change.doc_id == doc).order_by(Change.id)).all()
        assert session.execute(select(func.count()).select_from(Change)).scalar_one() >= len(after)
    assert after[: len(before)] == before and len(after) == len(before) + 1


def test_review_order_takes_the_least_confident_found_field_first(imported_db):
    record, _ = _get(imported_db.engine, imported_db.doc("RS"))
    order = records.review_order(record)
    found = [records.paths.get(record, p) for p in order if records.paths.get(record, p)["value"] not in (None, [], "")]
    confidences = [fv["confidence"] for fv in found]
    assert confidences == sorted(confidences)
    assert records.next_field(record) == order[0]
    assert records.next_field(record, order[0]) == order[1]
    assert records.next_field(record, order[-1]) == order[0]  # wraps around


def test_migrations_build_exactly_the_models_and_run_twice(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from pipeline.store.db import engine_for, migrate
    from pipeline.store.schema import Base

    engine = engine_for(db_url)
    migrate(engine)
    migrate(engine)  # every start applies them: a second time changes nothing
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    # SQLite's full-text index (migration 0003) is a virtual table with its shadow tables, outside the models
    assert [d for d in differences if not (d[0] == "remove_table" and d[1].name.startswith("document_search"))] == []
    engine.dispose()
