"""From a lawyer's correction to a better draft, end to end with the real commands and the real review API:
the rules miss a way of wording the compensation decision; a lawyer corrects it in the review app; the
confirmed verdicts are exported, a field model is trained from the export into a temporary registry,
promoted, and `spoton run` drafts that kind of decision right in a verdict the model never saw.

The verdicts are fictitious, written here (names, courts' cases and amounts invented)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

from conftest import REPO, read_jsonl, spoton

PASSWORD = "correct horse battery"
COMPONENT = "field-compensation-outcome"

VERDICT = """K. {number}/21
U IME NARODA
OSNOVNI SUD U {court}, sudija {judge}, uz učešće zapisničara {registrar}, u krivičnom predmetu protiv
optuženog {defendant}, zbog krivičnog djela trgovina ljudima iz čl. 444 st. 1 Krivičnog zakonika, po optužnici
Osnovnog državnog tužilaštva u {seat} Kt. br. {number}/20, nakon održanog glavnog pretresa, dana {day}.05.2021.
godine donio je

P R E S U D U

Optuženi {defendant}, rođen 02.02.1980. godine,

K R I V J E

što je u periodu od marta do juna 2020. godine vrbovao oštećenu {victim} radi eksploatacije njenog rada,

čime je izvršio krivično djelo trgovina ljudima iz čl. 444 st. 1 Krivičnog zakonika.

Sud optuženom utvrđuje kaznu zatvora u trajanju od {months} mjeseci.

{compensation}

O b r a z l o ž e nj e

Optužnicom Osnovnog državnog tužilaštva optuženom je stavljeno na teret izvršenje krivičnog djela.
Oštećena {victim} je saslušana na glavnom pretresu.
Sud je cijenio sve dokaze pojedinačno i u vezi i odlučio kao u izreci.

OSNOVNI SUD U {court}
Dana {day}.05.2021. godine

Zapisničar                                  S u d i j a
{registrar}                                 {judge}
"""

# the wording the rules do not know: the claim is left to a civil suit (referred_to_civil)
CIVIL = "Oštećena {victim} se radi ostvarivanja imovinskopravnog zahtjeva upućuje da ga ostvaruje u građanskopravnom sporu."
GRANTED = "Obavezuje se optuženi da oštećenoj {victim} na ime naknade štete isplati iznos od {amount},00 eura."
REJECTED = "Odbija se imovinskopravni zahtjev oštećene {victim} kao neosnovan."


def verdict(number: int, court: str, seat: str, people: tuple[str, str, str, str], compensation: str,
            amount: int = 2000) -> str:
    judge, registrar, defendant, victim = people
    return VERDICT.format(number=number, court=court, seat=seat, judge=judge, registrar=registrar,
                          defendant=defendant, victim=victim, day=10 + number % 17, months=12 + number % 30,
                          compensation=compensation.format(victim=victim, amount=amount))


TRAINING = {
    "k_101_21.txt": verdict(101, "BARU", "Baru", ("Milena Radović", "Dragana Šćekić", "R. K.", "A. B."), CIVIL),
    "k_102_21.txt": verdict(102, "KOTORU", "Kotoru", ("Petar Lakić", "Marko Vujović", "M. S.", "C. D."), GRANTED),
    "k_103_21.txt": verdict(103, "NIKŠIĆU", "Nikšiću", ("Ivana Bošković", "Sanja Knežević", "D. P.", "E. F."),
                            REJECTED),
}
UNSEEN = verdict(274, "BIJELOM POLJU", "Bijelom Polju", ("Nikola Perić", "Zoran Pavićević", "B. T.", "G. H."), CIVIL)


def outcome(batch: Path) -> tuple[dict, dict]:
    (record,) = read_jsonl(batch / "records.jsonl")
    return record["victims"][0]["compensation"]["outcome"], record


def login(app, name: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient
    client = TestClient(app)
    response = client.post("/api/login", json={"username": name, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


def test_a_lawyers_correction_trains_a_model_that_drafts_an_unseen_verdict_right(tmp_path):
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from pipeline.review.app import create_app
    from pipeline.store.db import engine_for
    from pipeline.store.schema import DocumentRow
    from pipeline.store.users import add_user

    models = tmp_path / "models"
    models.mkdir()
    env = {"SPOTON_MODELS": str(models)}
    source = tmp_path / "verdicts"
    source.mkdir()
    for name, text in TRAINING.items():
        (source / name).write_text(text, encoding="utf-8")
    unseen = tmp_path / "unseen"
    unseen.mkdir()
    (unseen / "k_274_21.txt").write_text(UNSEEN, encoding="utf-8")

    # the rules alone draft no decision for the wording of the unseen verdict
    before = spoton("run", unseen, "--out", tmp_path / "before", "--ocr", "never", env=env)
    assert before.returncode == 0, before.stderr
    assert outcome(tmp_path / "before")[0]["value"] is None

    # draft, import, and a lawyer reviews in the app
    assert spoton("run", source, "--out", tmp_path / "batch", "--ocr", "never", env=env).returncode == 0
    db = str(tmp_path / "review.sqlite")
    imported = spoton("import", tmp_path / "batch", "--db", db, env=env)
    assert imported.returncode == 0, imported.stderr
    engine = engine_for(db)
    with Session(engine) as session, session.begin():
        countries = sorted({c for (c,) in session.execute(select(DocumentRow.country)) if c})
        add_user(session, "ana", PASSWORD, "annotator", countries)
    engine.dispose()
    app = create_app(db, cache_dir=tmp_path / "cache")
    try:
        ana = login(app, "ana")
        items = ana.get("/api/documents?per_page=50").json()["items"]
        assert len(items) == 3
        corrected = 0
        for item in items:
            record = ana.get(f"/api/records/{item['doc_id']}").json()
            version = record["version"]
            if record["victims"][0]["compensation"]["outcome"]["value"] is None:  # the rules missed it
                saved = ana.patch(f"/api/records/{item['doc_id']}", json={"version": version, "changes": [
                    {"path": "victims[0].compensation.outcome", "value": "referred_to_civil"}]})
                assert saved.status_code == 200, saved.text
                version = saved.json()["version"]
                corrected += 1
            confirmed = ana.post(f"/api/records/{item['doc_id']}/confirm", json={"version": version})
            assert confirmed.status_code == 200, confirmed.text
        assert corrected == 1
    finally:
        app.state.engine.dispose()

    # the database itself is a training source too: confirmed records with their text, names as written
    from pipeline.train.datasets import read_source

    confirmed = read_source(f"db:{db}")
    assert len(confirmed) == 3 and all(d.text for d in confirmed)
    assert {d.victims[0]["name"]: d.victims[0]["compensation.outcome"] for d in confirmed} == {
        "A. B.": "referred_to_civil", "C. D.": "granted", "E. F.": "rejected"}

    # export the confirmed verdicts (victims pseudonymised), train, promote
    exports = tmp_path / "export"
    for fmt, name in (("jsonl", "records.jsonl"), ("labelstudio", "tasks.json")):
        done = spoton("export", "--format", fmt, "--out", exports / name, "--db", db, env=env)
        assert done.returncode == 0, done.stderr
    trained = spoton("train", "fields", "--from", f"export:{exports}",
                     "--eval", f"devset:{REPO / 'annotations' / 'devsets' / 'sr-Cyrl'}", "--models", models, env=env)
    assert trained.returncode == 0, trained.stderr
    assert trained.stdout.strip() == f"{COMPONENT}@1"
    meta = json.loads((models / COMPONENT / "1" / "meta.json").read_text())
    assert meta["training_data"]["documents"] == 3 and len(meta["training_data"]["sha256"]) == 64
    assert meta["eval_set"]["sha256"] and "victim.compensation.outcome" in meta["metrics"]["per_field"]
    listed = spoton("models", "list", env=env)
    assert listed.returncode == 0 and listed.stdout.startswith(f"  {COMPONENT}@1")  # registered, not active
    promoted = spoton("models", "promote", COMPONENT, "1", "--by", "ana", env=env)
    assert promoted.returncode == 0, promoted.stderr

    # the unseen verdict, drafted again: the corrected kind of decision comes from the model
    after = spoton("run", unseen, "--out", tmp_path / "after", "--ocr", "never", env=env)
    assert after.returncode == 0, after.stderr
    value, record = outcome(tmp_path / "after")
    assert value["value"] == "referred_to_civil"
    assert value["source"] == f"model:{COMPONENT}@1" and value["status"] == "draft"
    assert "građanskopravnom sporu" in value["evidence"][0]["text"]
    assert record["models"]["victim.compensation.outcome"] == f"{COMPONENT}@1"
    # the rules' confident values are left alone: the granted verdict keeps its rule source
    again = spoton("run", source, "--out", tmp_path / "batch", "--ocr", "never", env=env)
    assert again.returncode == 0
    sources = {r["document_id"]: r["victims"][0]["compensation"]["outcome"]
               for r in read_jsonl(tmp_path / "batch" / "records.jsonl")}
    assert sorted(v["value"] for v in sources.values()) == ["granted", "referred_to_civil", "rejected"]
    assert sum(1 for v in sources.values() if (v["source"] or "").startswith("rule:")) == 2
