"""Active learning in the review queue: with a field model active, the import measures how unsure the model is
about each verdict and where it disagrees with the rules, and the queue (API and page) can put those first.

The field model is trained in the test, through the real `spoton train fields` path, from a fictitious export in
which lawyers coded "granted"-worded decisions as rejected: on a new verdict worded the same way the rules
draft "granted" and the model says "rejected", the disagreement the queue must put first."""

from __future__ import annotations

import json
import re
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import spoton  # noqa: E402
from test_train_end_to_end import CIVIL, GRANTED, verdict  # noqa: E402

PASSWORD = "correct horse battery"
COMPONENT = "field-compensation-outcome"
PEOPLE = [("Milena Radović", "Dragana Šćekić", "R. K.", "A. B."), ("Petar Lakić", "Marko Vujović", "M. S.", "C. D."),
          ("Ivana Bošković", "Sanja Knežević", "D. P.", "E. F."), ("Nikola Perić", "Zoran Pavićević", "B. T.", "G. H.")]


def export(folder: Path, verdicts: list[tuple[str, str, str, str]]) -> None:
    """A records export and the Label Studio export of the same verdicts, as `spoton export` writes them."""
    folder.mkdir(parents=True)
    records, tasks = [], []
    for n, (doc_id, text, victim, outcome) in enumerate(verdicts, start=1):
        records.append(json.dumps({"document_id": doc_id, "language": "cnr", "victims": [{
            "name": {"value": victim, "confidence": 1.0, "status": "confirmed"},
            "compensation": {"outcome": {"value": outcome, "confidence": 1.0, "status": "corrected"}}}]}))
        tasks.append({"id": n, "data": {"text": text, "doc_id": doc_id}})
    (folder / "records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    (folder / "tasks.json").write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def learning_db(tmp_path_factory):
    """A registry with the trained field model active and a review database imported under it."""
    root = tmp_path_factory.mktemp("active")
    models = root / "models"
    coded = []
    for i in range(4):
        court, seat = [("BARU", "Baru"), ("KOTORU", "Kotoru")][i % 2]
        if i % 2:
            coded.append((f"g{i}", verdict(400 + i, court, seat, PEOPLE[i], GRANTED, 1000 + i), PEOPLE[i][3], "rejected"))
        else:
            coded.append((f"c{i}", verdict(400 + i, court, seat, PEOPLE[i], CIVIL), PEOPLE[i][3], "referred_to_civil"))
    export(root / "train", coded)
    export(root / "eval", [(f"e{i}", verdict(500 + i, "BARU", "Baru", PEOPLE[i], GRANTED if i else CIVIL, 700),
                            PEOPLE[i][3], "rejected" if i else "referred_to_civil") for i in range(2)])
    env = {"SPOTON_MODELS": str(models)}
    trained = spoton("train", "fields", "--from", f"export:{root / 'train'}", "--eval", f"export:{root / 'eval'}",
                     "--models", models, env=env)
    assert trained.returncode == 0, trained.stderr
    assert spoton("models", "promote", COMPONENT, "1", env=env).returncode == 0
    source = root / "verdicts"
    source.mkdir()
    (source / "granted.txt").write_text(verdict(601, "NIKŠIĆU", "Nikšiću", PEOPLE[2], GRANTED, 3000), encoding="utf-8")
    (source / "civil.txt").write_text(verdict(602, "CETINJU", "Cetinju", PEOPLE[3], CIVIL), encoding="utf-8")
    (source / "silent.txt").write_text(verdict(603, "BARU", "Baru", PEOPLE[1], ""), encoding="utf-8")
    assert spoton("run", source, "--out", root / "batch", "--ocr", "never", env=env).returncode == 0
    db = str(root / "review.sqlite")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPOTON_MODELS", str(models))
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from pipeline.store.db import engine_for, migrate
        from pipeline.store.importer import import_batch
        from pipeline.store.schema import DocumentRow
        from pipeline.store.users import add_user

        engine = engine_for(db)
        migrate(engine)
        assert import_batch(engine, root / "batch").added == 3
        with Session(engine) as session, session.begin():
            rows = {Path(d.source_path).stem: (d.doc_id, d.model_uncertainty, d.disagreements)
                    for d in session.execute(select(DocumentRow)).scalars()}
            add_user(session, "ana", PASSWORD, "annotator", sorted({d.country for d in session.execute(
                select(DocumentRow)).scalars() if d.country}))
        engine.dispose()
    return db, rows, root


def client(db: str, root: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient
    from pipeline.review.app import create_app

    app = create_app(db, cache_dir=root / "cache")
    test_client = TestClient(app)
    response = test_client.post("/api/login", json={"username": "ana", "password": PASSWORD})
    assert response.status_code == 200, response.text
    return app, test_client


def test_import_measures_uncertainty_and_disagreement(learning_db):
    _, rows, _ = learning_db
    granted, civil, silent = rows["granted"], rows["civil"], rows["silent"]
    assert granted[2] == 1  # the rules drafted "granted", the model says "rejected"
    assert civil[2] == 0 and 0 <= civil[1] < 1 and 0 <= granted[1] < 1
    assert silent[1:] == (None, None)  # nothing about compensation for the model to read


def test_queue_puts_disagreements_and_unsure_verdicts_first(learning_db):
    db, rows, root = learning_db
    app, ana = client(db, root)
    try:
        order = [d["doc_id"] for d in ana.get("/api/documents?sort=disagreement&order=desc").json()["items"]]
        assert order == [rows["granted"][0], rows["civil"][0], rows["silent"][0]]
        unsure = [d["doc_id"] for d in ana.get("/api/documents?sort=uncertainty&order=desc").json()["items"]]
        expected = sorted(("granted", "civil"), key=lambda k: -rows[k][1])
        assert unsure == [rows[expected[0]][0], rows[expected[1]][0], rows["silent"][0]]
        page = ana.get("/queue?sort=disagreement")
        assert page.status_code == 200
        assert re.search(r'<option value="disagreement" selected>', page.text)
        assert '<option value="uncertainty"' in page.text
        links = re.findall(r'href="/verdicts/([0-9a-f]+)"', page.text)
        assert links[:3] == order
    finally:
        app.state.engine.dispose()
