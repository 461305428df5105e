"""The review app's JSON API on SQLite and PostgreSQL, as CONTRACT.md describes it: login, 401 without a
session everywhere but login and health, 403 across countries and roles, CSRF on every state-changing
request, merge and 409 with both values, one winner of concurrent saves, confirm, history, export."""

from __future__ import annotations

import io
import re
import threading

import pytest

PASSWORD = "correct horse battery"  # conftest.USERS' password

PRISON = "defendants[0].sentence.prison_months"
OUTCOME = "victims[0].compensation.outcome"
PUBLIC = {"/api/login", "/healthz", "/login"}


def _example_path(path: str, doc_id: str) -> str:
    return (path.replace("{doc_id}", doc_id).replace("{number}", "1").replace("{path:path}", "x.png")
            .replace("{page}", "1"))


def _all_routes(routes):
    for route in routes:
        inner = getattr(route, "original_router", None)  # FastAPI includes routers lazily
        if inner is not None:
            yield from _all_routes(inner.routes)
        else:
            yield route


def _routes(app):
    for route in _all_routes(app.routes):
        methods = getattr(route, "methods", None) or {"GET"}
        path = getattr(route, "path", "")
        for method in methods - {"HEAD", "OPTIONS"}:
            yield method, path


def test_every_route_but_login_and_health_needs_a_session(app, anonymous, imported_db):
    doc = imported_db.doc("RS")
    checked = 0
    for method, path in _routes(app):
        if path in PUBLIC or path.startswith("/static"):
            continue
        response = anonymous.request(method, _example_path(path, doc), json={})
        assert response.status_code == 401, (method, path, response.status_code)
        checked += 1
    assert checked >= 20
    assert anonymous.get("/healthz").status_code == 200
    assert anonymous.get("/api/records/" + doc).json() == {"detail": "login required"}
    # a page answers 401 too, pointing the browser to the login page
    page = anonymous.get("/")
    assert page.status_code == 401 and "/login" in page.text


def test_login_sets_a_strict_http_only_cookie_and_logout_ends_it(app, anonymous):
    wrong = anonymous.post("/api/login", json={"username": "ana", "password": "nope nope nope"})
    assert wrong.status_code == 401
    response = anonymous.post("/api/login", json={"username": "ana", "password": PASSWORD})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("spoton_session=")
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    token = response.json()["csrf_token"]
    assert anonymous.get("/api/me").json()["name"] == "ana"
    assert anonymous.post("/api/logout", headers={"X-CSRF-Token": token}).status_code == 200
    assert anonymous.get("/api/me").status_code == 401


def test_failed_logins_are_throttled(anonymous):
    for _ in range(5):
        assert anonymous.post("/api/login", json={"username": "marko", "password": "guess guess"}).status_code == 401
    throttled = anonymous.post("/api/login", json={"username": "marko", "password": PASSWORD})
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) > 0
    # another account from the same place is not locked by marko's failures
    assert anonymous.post("/api/login", json={"username": "ana", "password": PASSWORD}).status_code == 200


def test_security_headers_forbid_inline_script(app, api, imported_db):
    ana = api("ana")
    response = ana.get("/api/records/" + imported_db.doc("RS"))
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


def test_csrf_token_is_required_on_every_state_changing_request(app, api, imported_db):
    doc = imported_db.doc("RS")
    ana = api("ana")
    version = ana.get(f"/api/records/{doc}").json()["version"]
    body = {"version": version, "changes": [{"path": PRISON, "value": 42}]}
    token = ana.headers.pop("X-CSRF-Token")
    assert ana.patch(f"/api/records/{doc}", json=body).status_code == 403
    assert ana.patch(f"/api/records/{doc}", json=body, headers={"X-CSRF-Token": "x" * 43}).status_code == 403
    # another session's token does not do either
    other = api("marko").headers["X-CSRF-Token"]
    assert ana.patch(f"/api/records/{doc}", json=body, headers={"X-CSRF-Token": other}).status_code == 403
    # a form post without the field is refused; with it, it reaches the route
    assert ana.post(f"/api/records/{doc}/confirm", data={"version": str(version)}).status_code == 403
    assert ana.post("/api/logout", data={"csrf_token": "wrong"}).status_code == 403
    # a cross-site Origin is refused even with the token
    assert ana.patch(f"/api/records/{doc}", json=body, headers={"X-CSRF-Token": token,
                                                                "Origin": "https://evil.example"}).status_code == 403
    assert ana.get(f"/api/records/{doc}").json()["version"] == version
    assert ana.patch(f"/api/records/{doc}", json=body, headers={"X-CSRF-Token": token}).status_code == 200
    for method, path in _routes(app):
        if method in ("GET",) or path in PUBLIC or path.startswith("/static"):
            continue
        response = ana.request(method, _example_path(path, doc), json={}, headers={"X-CSRF-Token": ""})
        assert response.status_code == 403, (method, path, response.status_code)


def test_annotators_see_and_edit_only_their_countries(api, imported_db):
    rs, mk = imported_db.doc("RS"), imported_db.doc("MK")
    ana, elena = api("ana"), api("elena")
    assert {d["country"] for d in ana.get("/api/documents?per_page=200").json()["items"]} == {"RS"}
    assert {d["country"] for d in elena.get("/api/documents").json()["items"]} == {"MK"}
    for path in (f"/api/records/{mk}", f"/api/records/{mk}/history", f"/api/documents/{mk}",
                 f"/api/documents/{mk}/pages/1", f"/api/documents/{mk}/text", f"/api/records/{mk}/warnings"):
        assert ana.get(path).status_code == 403, path
    version = elena.get(f"/api/records/{mk}").json()["version"]
    assert ana.patch(f"/api/records/{mk}", json={"version": version, "changes": [{"path": PRISON, "value": 1}]}
                     ).status_code == 403
    assert ana.post(f"/api/records/{mk}/confirm", json={"version": version}).status_code == 403
    assert ana.get("/api/documents?country=MK").json()["total"] == 0
    assert elena.get(f"/api/records/{rs}").status_code == 403


def test_roles(api, imported_db):
    doc = imported_db.doc("RS")
    rita, ana, admin = api("rita"), api("ana"), api("admin")
    # a researcher reads confirmed records of their countries only, and changes nothing
    assert rita.get(f"/api/records/{doc}").status_code == 403
    assert rita.get("/api/documents").json()["total"] == 0
    version = ana.get(f"/api/records/{doc}").json()["version"]
    assert rita.patch(f"/api/records/{doc}", json={"version": version, "changes": [{"path": PRISON, "value": 1}]}
                      ).status_code == 403
    assert ana.post(f"/api/records/{doc}/confirm", json={"version": version}).status_code == 200
    assert rita.get(f"/api/records/{doc}").status_code == 200
    assert rita.post(f"/api/records/{doc}/reopen", json={}).status_code == 403
    # only admins manage users, assign to others and export names
    new_user = {"name": "zoran", "password": PASSWORD, "role": "annotator", "countries": ["RS"]}
    assert ana.post("/api/users", json=new_user).status_code == 403
    assert admin.post("/api/users", json=new_user).status_code == 201
    assert ana.post(f"/api/records/{doc}/assign", json={"user": "marko"}).status_code == 403
    assert ana.post(f"/api/records/{doc}/assign", json={"user": "ana"}).status_code == 200
    assert admin.post(f"/api/records/{doc}/assign", json={"user": "marko"}).status_code == 200
    assert ana.post("/api/assignments", json={"users": ["ana"]}).status_code == 403
    assert ana.get("/api/export?format=csv&pseudonyms=false").status_code == 403
    assert rita.get("/api/export?format=csv&country=MK").status_code == 403
    assert rita.get("/api/export?format=csv").status_code == 200
    # the admin sees every country
    assert admin.get(f"/api/records/{imported_db.doc('MK')}").status_code == 200


def test_patch_merges_and_conflicts_show_both_values(api, imported_db):
    doc = imported_db.doc("RS")
    ana, marko = api("ana"), api("marko")
    v1 = ana.get(f"/api/records/{doc}").json()["version"]
    saved = ana.patch(f"/api/records/{doc}", json={"version": v1, "changes": [
        {"path": PRISON, "value": 42, "status": "corrected"}]})
    assert saved.status_code == 200
    assert saved.json()["defendants"][0]["sentence"]["prison_months"]["value"] == 42
    merged = marko.patch(f"/api/records/{doc}", json={"version": v1, "changes": [
        {"path": OUTCOME, "value": "referred_to_civil", "status": "corrected"}]})
    assert merged.status_code == 200 and merged.json()["version"] == v1 + 2
    assert merged.json()["defendants"][0]["sentence"]["prison_months"]["value"] == 42
    conflict = marko.patch(f"/api/records/{doc}", json={"version": v1, "changes": [
        {"path": PRISON, "value": 30, "status": "corrected"}]})
    assert conflict.status_code == 409
    [item] = conflict.json()["conflicts"]
    assert item["path"] == PRISON and item["yours"]["value"] == 30 and item["theirs"]["value"] == 42
    assert item["theirs"]["user"] == "ana"
    history = ana.get(f"/api/records/{doc}/history").json()["changes"]
    assert [(c["user"], c["path"], c["after"]["value"]) for c in history if c["op"] == "set"] == [
        ("ana", PRISON, 42), ("marko", OUTCOME, "referred_to_civil")]
    assert all({"user", "at", "path", "before", "after"} <= set(c) for c in history)


def test_concurrent_saves_over_http_give_one_winner_and_one_409(api, imported_db):
    doc = imported_db.doc("RS")
    clients = {"ana": api("ana"), "marko": api("marko")}
    version = clients["ana"].get(f"/api/records/{doc}").json()["version"]
    barrier = threading.Barrier(2)
    codes: dict[str, int] = {}

    def save(name: str, value: int) -> None:
        barrier.wait()
        codes[name] = clients[name].patch(f"/api/records/{doc}", json={
            "version": version, "changes": [{"path": PRISON, "value": value}]}).status_code

    threads = [threading.Thread(target=save, args=(n, v)) for n, v in (("ana", 40), ("marko", 50))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(codes.values()) == [200, 409]
    record = clients["ana"].get(f"/api/records/{doc}").json()
    winner = next(n for n, c in codes.items() if c == 200)
    assert record["version"] == version + 1
    assert record["defendants"][0]["sentence"]["prison_months"]["value"] == {"ana": 40, "marko": 50}[winner]


def test_confirm_then_read_only_then_reopen(api, imported_db):
    doc = imported_db.doc("RS")
    ana = api("ana")
    record = ana.get(f"/api/records/{doc}").json()
    version = record["version"]
    assert record["review"]["status"] == "new"
    assert ana.post(f"/api/records/{doc}/confirm", json={"version": version - 1 or 99}).status_code in (400, 409)
    confirmed = ana.post(f"/api/records/{doc}/confirm", json={"version": version})
    assert confirmed.status_code == 200
    body = confirmed.json()
    assert body["review"]["status"] == "confirmed" and body["review"]["read_only"]
    statuses = {body["case"][name]["status"] for name in ("court", "case_number")}
    assert statuses == {"confirmed"}
    blocked = ana.patch(f"/api/records/{doc}", json={"version": body["version"], "changes": [
        {"path": PRISON, "value": 1}]})
    assert blocked.status_code == 409 and blocked.json()["code"] == "confirmed"
    reopened = ana.post(f"/api/records/{doc}/reopen", json={"comment": "appeal"})
    assert reopened.status_code == 200 and reopened.json()["review"]["status"] == "reopened"
    assert ana.patch(f"/api/records/{doc}", json={"version": reopened.json()["version"], "changes": [
        {"path": PRISON, "value": 1}]}).status_code == 200


def test_accept_above_a_confidence_and_next_field(api, imported_db):
    doc = imported_db.doc("RS")
    ana = api("ana")
    record = ana.get(f"/api/records/{doc}").json()
    first = record["review"]["review_order"][0]
    assert ana.get(f"/api/records/{doc}/next").json()["path"] == first
    accepted = ana.post(f"/api/records/{doc}/accept", json={"version": record["version"], "min_confidence": 0.9})
    assert accepted.status_code == 200
    body = accepted.json()
    assert body["case"]["court"]["status"] == "confirmed"  # the court is found with high confidence
    low = [p for p in body["review"]["review_order"]]
    assert first in low  # the least confident field is still waiting


def test_queue_filters_sorts_and_pages(api, imported_db):
    admin = api("admin")
    everything = admin.get("/api/documents?per_page=200").json()
    assert everything["total"] == sum(len(v) for v in imported_db.by_country.values())
    confidences = [d["min_confidence"] for d in everything["items"] if d["min_confidence"] is not None]
    assert confidences == sorted(confidences)
    page = admin.get("/api/documents?per_page=2&page=2").json()
    assert page["page"] == 2 and len(page["items"]) == 2 and page["pages"] == (everything["total"] + 1) // 2
    assert {d["country"] for d in admin.get("/api/documents?country=MK").json()["items"]} == {"MK"}
    one = everything["items"][0]
    if one["case_number"]:
        found = admin.get("/api/documents", params={"q": one["case_number"]}).json()["items"]
        assert one["doc_id"] in [d["doc_id"] for d in found]
    assert admin.get("/api/documents?status=confirmed").json()["total"] == 0


def test_a_verdict_whose_text_holds_script_comes_back_as_inert_json(api, imported_db):
    from sqlalchemy.orm import Session

    from pipeline.store.schema import DocumentRow

    doc = imported_db.doc("RS")
    with Session(imported_db.engine) as session, session.begin():
        session.get(DocumentRow, doc).text = "<script>alert('x')</script> K 1/20"
    response = api("ana").get(f"/api/documents/{doc}/text")
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["text"].startswith("<script>")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_export_route_gives_confirmed_data_with_pseudonyms(api, imported_db):
    from openpyxl import load_workbook

    doc = imported_db.doc("RS")
    ana = api("ana")
    record = ana.get(f"/api/records/{doc}").json()
    names = [v["name"]["value"] for v in record["victims"] if v["name"]["value"]]
    assert ana.post(f"/api/records/{doc}/confirm", json={"version": record["version"]}).status_code == 200
    response = ana.get("/api/export?format=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["cases", "defendants_charges", "victims"]
    victims = list(book["victims"].values)
    name_col = victims[0].index("victim.name")
    assert [row[name_col] for row in victims[1:]] == [f"V{i + 1}" for i in range(len(victims) - 1)]
    csv = ana.get("/api/export?format=csv").text
    for name in names:
        assert not re.search(re.escape(name), csv)
    assert api("admin").get("/api/export?format=csv&pseudonyms=false").status_code == 200


@pytest.mark.parametrize("fmt", ["jsonl", "labelstudio"])
def test_export_route_formats(api, imported_db, fmt):
    ana = api("ana")
    assert ana.get(f"/api/export?format={fmt}").status_code == 200
    assert ana.get("/api/export?format=pdf").status_code == 400


def test_a_session_idle_too_long_ends(api, imported_db):
    import datetime as dt

    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from pipeline.review.auth import IDLE
    from pipeline.store.schema import LoginSession, utcnow

    ana = api("ana")
    assert ana.get("/api/me").status_code == 200
    with Session(imported_db.engine) as session, session.begin():
        session.execute(update(LoginSession).values(last_seen=utcnow() - IDLE - dt.timedelta(minutes=1)))
    assert ana.get("/api/me").status_code == 401


def test_search_by_case_number_initials_and_text(api, imported_db):
    admin = api("admin")
    doc = imported_db.doc("RS")
    record = admin.get(f"/api/records/{doc}").json()
    text = admin.get(f"/api/documents/{doc}/text").json()["text"]

    def found(q: str) -> list[str]:
        return [d["doc_id"] for d in admin.get("/api/documents", params={"q": q, "per_page": 200}).json()["items"]]

    case_number = record["case"]["case_number"]["value"]
    assert doc in found(case_number.upper()) and doc in found(case_number.lower())
    word = max(text.split(), key=len)
    assert doc in found(word.upper())
    victim = next(v["name"]["value"] for v in record["victims"] if v["name"]["value"])
    assert doc in found(victim)
    assert found("no-such-word-anywhere") == []
    # a corrected case number is found at once (the index follows every save)
    saved = admin.patch(f"/api/records/{doc}", json={"version": record["version"], "changes": [
        {"path": "case.case_number", "value": "Kzz 777/25"}]})
    assert saved.status_code == 200
    assert found("kzz 777/25") == [doc]
