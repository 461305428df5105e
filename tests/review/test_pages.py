"""The pages without a browser: what the server renders for a lawyer, checked on SQLite and PostgreSQL.

Login and logout, every page behind the login, countries and roles, the queue (filters, search, paging,
the htmx partial), the verdict view (labels in the interface and the verdict's language, evidence and
low-confidence marks, page images, warnings beside the fields, re-import suggestions, read-only when
confirmed) and a verdict whose text holds ``<script>``, which must reach the browser as inert text.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.store.schema import DocumentRow, RecordRow

PASSWORD = "correct horse battery"  # the users of tests/review/conftest.py


def doc_of(imported_db, source_name: str) -> str:
    with Session(imported_db.engine) as session:
        for doc_id, path in session.execute(select(DocumentRow.doc_id, DocumentRow.source_path)):
            if path.endswith(source_name):
                return doc_id
    raise AssertionError(f"{source_name} was not imported")


def page_login(app, name: str):
    """A TestClient logged in through the login form, as a browser does."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient
    client = TestClient(app)
    response = client.post("/login", data={"username": name, "password": PASSWORD, "next": "/queue"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/queue"
    token = re.search(r'data-csrf="([^"]+)"', client.get("/queue").text).group(1)
    client.headers["X-CSRF-Token"] = token
    return client


def field_html(page: str, path: str) -> str:
    """The markup of one field of the record form, from its opening tag to the next field's."""
    start = page.rindex('<div class="field', 0, page.index(f'data-path="{path}"'))
    end = page.find('<div class="field', start + 1)
    return page[start: end if end > 0 else len(page)]


# --------------------------------------------------------------------------- login and sessions


def test_every_page_needs_a_login(app, anonymous, imported_db):
    """Every page route answers 401 pointing to the login page without a session (login itself excepted)."""
    from pipeline.review import pages

    doc = imported_db.doc("RS")
    checked = 0
    for route in pages.router.routes:
        if route.path == "/login":
            continue
        url = route.path.replace("{doc_id}", doc).replace("{number}", "1")
        for method in route.methods:
            response = anonymous.request(method, url, follow_redirects=False)
            assert response.status_code == 401, (method, url, response.status_code)
            if method == "GET":
                assert "/login?next=" in response.text
            checked += 1
    assert checked >= 8
    login = anonymous.get("/login")
    assert login.status_code == 200 and 'name="password"' in login.text


def test_login_form_sets_the_session_and_refuses_a_wrong_password(app, anonymous):
    wrong = anonymous.post("/login", data={"username": "ana", "password": "nope", "next": "/queue"},
                           follow_redirects=False)
    assert wrong.status_code == 401 and "wrong" in wrong.text and "spoton_session" not in wrong.headers.get(
        "set-cookie", "")
    right = anonymous.post("/login", data={"username": "ana", "password": PASSWORD, "next": "//evil.example/x"},
                           follow_redirects=False)
    assert right.status_code == 303 and right.headers["location"] == "/queue"  # no redirect off the site
    cookie = right.headers["set-cookie"].lower()
    assert "spoton_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    queue = anonymous.get("/queue")
    assert queue.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', queue.text).group(1)
    assert anonymous.post("/logout", data={}, follow_redirects=False).status_code == 403  # no CSRF token
    out = anonymous.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert anonymous.get("/queue", follow_redirects=False).status_code == 401


# --------------------------------------------------------------------------- the queue


def test_queue_shows_the_users_countries_lowest_confidence_first(app, imported_db):
    ana = page_login(app, "ana")  # annotator, RS
    page = ana.get("/queue").text
    listed = re.findall(r'href="/verdicts/([0-9a-f]+)"', page)
    assert sorted(listed) == sorted(imported_db.by_country["RS"])
    with Session(imported_db.engine) as session:
        confidence = dict(session.execute(select(DocumentRow.doc_id, DocumentRow.min_confidence)).all())
    shown = [confidence[d] for d in listed if confidence[d] is not None]
    assert shown == sorted(shown)
    for mk in imported_db.by_country["MK"]:
        assert mk not in page


def test_queue_search_filters_and_htmx_partial(app, imported_db, monkeypatch):
    from pipeline.review import pages

    admin = page_login(app, "admin")
    found = re.findall(r'href="/verdicts/([0-9a-f]+)"', admin.get("/queue", params={"q": "K. 18/23"}).text)
    total = sum(len(v) for v in imported_db.by_country.values())
    assert doc_of(imported_db, "rs_k_18_2023_latn_scan.pdf") in found and len(found) < total
    macedonian = admin.get("/queue", params={"country": "MK"}).text
    assert sorted(re.findall(r'href="/verdicts/([0-9a-f]+)"', macedonian)) == sorted(imported_db.by_country["MK"])
    partial = admin.get("/queue", params={"country": "MK"}, headers={"HX-Request": "true"}).text
    assert partial.lstrip().startswith('<div id="queue-results">') and "<html" not in partial

    settings = dict(pages.settings())
    monkeypatch.setattr(pages, "settings", lambda: {**settings, "queue_per_page": 3})
    first = admin.get("/queue").text
    assert len(re.findall(r'href="/verdicts/', first)) == 3 and 'rel="next"' in first
    last_page = -(-total // 3)
    last = admin.get("/queue", params={"page": last_page}).text
    assert 'rel="next"' not in last and 'rel="prev"' in last
    assert len(re.findall(r'href="/verdicts/', last)) == total - 3 * (last_page - 1)


# --------------------------------------------------------------------------- countries and roles


def test_verdicts_outside_the_users_countries_or_role_are_refused(app, imported_db):
    ana = page_login(app, "ana")
    mk = imported_db.doc("MK")
    for url in (f"/verdicts/{mk}", f"/verdicts/{mk}/record", f"/verdicts/{mk}/text", f"/verdicts/{mk}/pages/1.png"):
        assert ana.get(url).status_code == 403, url
    rita = page_login(app, "rita")  # researcher: confirmed verdicts of RS only
    rs = imported_db.doc("RS")
    assert rita.get(f"/verdicts/{rs}").status_code == 403
    assert rs not in rita.get("/queue").text


# --------------------------------------------------------------------------- the verdict view


def test_scanned_verdict_view_has_lazy_page_images_evidence_and_the_codebook_form(app, imported_db):
    ana = page_login(app, "ana")
    doc = doc_of(imported_db, "rs_k_18_2023_latn_scan.pdf")
    page = ana.get(f"/verdicts/{doc}").text
    images = re.findall(r'<img src="/verdicts/' + doc + r'/pages/(\d+)\.png\?scale=1\.5" loading="lazy"', page)
    assert images == ["1", "2", "3"]
    prison = field_html(page, "defendants[0].sentence.prison_months")
    evidence = json.loads(re.search(r'data-evidence="([^"]*)"', prison).group(1).replace("&#34;", '"'))
    assert evidence[0]["p"] == 2 and all(0 <= v <= 1 for v in evidence[0]["b"])  # a box on page 2, as fractions
    assert 'value="66"' in prison and "Prison (months)" in prison and "Kazna zatvora (meseci)" in prison
    # every enum offers the codebook's values, labelled in English and in the verdict's language
    outcome = field_html(page, "victims[1].compensation.outcome")
    assert "Referred to civil proceedings · Upućen na parnični postupak" in outcome
    # the review order a careful reviewer takes: the field list the "n" key walks through
    order = json.loads(re.search(r'data-order="([^"]*)"', page).group(1).replace("&#34;", '"'))
    assert order and set(order) >= {"defendants[0].sentence.prison_months"}
    # low-confidence OCR words are passed to the page for marking
    assert re.search(r'data-low="\[\[0\.\d+', page)
    # the first page image is rendered on request (PNG) and then comes from the cache
    first = ana.get(f"/verdicts/{doc}/pages/1.png")
    assert first.status_code == 200 and first.headers["content-type"] == "image/png"
    assert first.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert list(Path(app.state.cache_dir).rglob("*.png"))
    assert ana.get(f"/verdicts/{doc}/pages/1.png").content == first.content
    assert ana.get(f"/verdicts/{doc}/pages/9.png").status_code == 404


def test_text_formats_show_the_text_with_evidence_offsets(app, imported_db):
    ana = page_login(app, "ana")
    doc = doc_of(imported_db, "rs_k_4_2015_portal.html")
    page = ana.get(f"/verdicts/{doc}").text
    assert "<img src=" not in page and 'id="text-view"' in page
    prison = field_html(page, "defendants[0].sentence.prison_months")
    start = json.loads(re.search(r'data-evidence="([^"]*)"', prison).group(1).replace("&#34;", '"'))[0]["s"]
    assert f'data-s="{start}"' in page  # the text is cut where the evidence starts


def test_labels_follow_the_interface_language_and_the_verdicts_language(app, imported_db):
    elena = page_login(app, "elena")  # annotator, MK
    doc = doc_of(imported_db, "mk_kok_60_2014.pdf")
    english = elena.get(f"/verdicts/{doc}").text
    assert "Court level" in english and "Ниво на судот" in english  # English, and the verdict's Macedonian
    token = elena.headers["X-CSRF-Token"]
    changed = elena.post("/preferences/language", data={"language": "sq", "next": f"/verdicts/{doc}",
                                                        "csrf_token": token}, follow_redirects=False)
    assert changed.status_code == 303 and changed.headers["location"] == f"/verdicts/{doc}"
    albanian = elena.get(f"/verdicts/{doc}").text
    assert '<html lang="sq">' in albanian and "Niveli i gjykatës" in albanian and "Ниво на судот" in albanian
    assert "Konfirmo regjistrimin" in albanian


def test_warnings_show_beside_the_field_and_confirmed_records_are_read_only(app, api, imported_db):
    doc = doc_of(imported_db, "rs_k_18_2023_latn_scan.pdf")
    ana_api = api("ana")
    record = ana_api.get(f"/api/records/{doc}").json()
    saved = ana_api.patch(f"/api/records/{doc}", json={"version": record["version"], "changes": [
        {"path": "defendants[0].sentence.prison_months", "value": 600, "status": "corrected"}]})
    assert saved.status_code == 200, saved.text
    warnings = saved.json()["review"]["warnings"]
    assert any(w["path"] == "defendants[0].sentence.prison_months" for w in warnings)
    ana = page_login(app, "ana")
    page = ana.get(f"/verdicts/{doc}").text
    prison = field_html(page, "defendants[0].sentence.prison_months")
    assert "haswarn" in prison and "⚠" in prison and "field st-corrected" in prison
    assert 'id="warnings"' in page and 'class="warnings hidden"' not in page

    confirmed = ana_api.post(f"/api/records/{doc}/confirm", json={"version": saved.json()["version"]})
    assert confirmed.status_code == 200, confirmed.text
    form = ana.get(f"/verdicts/{doc}/record").text
    assert form.lstrip().startswith('<div id="record"') and 'data-readonly="1"' in form
    assert 'data-action="reopen"' in form and 'data-action="confirm"' not in form
    assert 'value="600" autocomplete="off" disabled' in field_html(form, "defendants[0].sentence.prison_months")


def test_a_new_draft_that_differs_from_a_human_value_is_offered_to_take_or_leave(app, api, imported_db, tmp_path):
    from pipeline.store.importer import import_batch

    doc = doc_of(imported_db, "rs_k_18_2023_latn_scan.pdf")
    ana_api = api("ana")
    version = ana_api.get(f"/api/records/{doc}").json()["version"]
    assert ana_api.patch(f"/api/records/{doc}", json={"version": version, "changes": [
        {"path": "case.registrar", "value": "Marija Filipović", "status": "corrected"}]}).status_code == 200
    # the pipeline runs again and now reads the registrar differently
    rerun = tmp_path / "rerun"
    shutil.copytree(imported_db.batch / doc, rerun / doc)
    record = json.loads((rerun / doc / "record.json").read_text(encoding="utf-8"))
    new = copy.deepcopy(record)
    new["case"]["registrar"]["value"] = "Marija Filipovič"
    (rerun / doc / "record.json").write_text(json.dumps(new, ensure_ascii=False), encoding="utf-8")
    import_batch(imported_db.engine, rerun)
    page = page_login(app, "ana").get(f"/verdicts/{doc}").text
    assert 'data-suggestion="case.registrar"' in page
    item = page[page.index('data-suggestion="case.registrar"'):]
    item = item[: item.index("</li>")]
    assert "Marija Filipović" in item and "Marija Filipovič" in item
    assert 'data-action="take-suggestion"' in item and 'data-action="leave-suggestion"' in item
    with Session(imported_db.engine) as session:
        assert session.get(RecordRow, doc).record["case"]["registrar"]["value"] == "Marija Filipović"


def test_a_verdict_whose_text_holds_script_renders_it_inert(app, imported_db):
    doc = doc_of(imported_db, "rs_k_4_2015_portal.html")
    attack = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    with Session(imported_db.engine) as session, session.begin():
        row = session.get(DocumentRow, doc)
        row.text = row.text + "\n\n" + attack
        record_row = session.get(RecordRow, doc)
        record = copy.deepcopy(record_row.record)
        record["case"]["court"]["value"] = attack
        record["case"]["court"]["evidence"][0]["text"] = attack
        record["defendants"][0]["name"]["value"] = attack
        record_row.record = record
    ana = page_login(app, "ana")
    for url in (f"/verdicts/{doc}", f"/verdicts/{doc}/record", f"/verdicts/{doc}/text"):
        response = ana.get(url)
        assert response.status_code == 200
        body = response.text
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;alert(" in body, url
        # the only scripts are the site's own files; the policy forbids any other
        assert all(re.fullmatch(r'<script src="/static/[a-z.]+\?v=\w+" defer>', tag)
                   for tag in re.findall(r"<script[^>]*>", body)), url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "unsafe-inline" not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]


@pytest.mark.parametrize("lang", ["en", "sr-Latn", "sr-Cyrl", "mk", "sq"])
def test_interface_strings_exist_in_every_language(lang):
    """Every language file has every key English has, and keeps the placeholders."""
    from pipeline.datafiles import load_yaml

    english = load_yaml("review/en.yaml")
    other = load_yaml(f"review/{lang}.yaml")
    assert set(other) == set(english)
    for key, text in english.items():
        assert set(re.findall(r"\{\w+\}", str(text))) == set(re.findall(r"\{\w+\}", str(other[key]))), key


def test_a_blind_coder_sees_no_draft_and_saves_to_the_blind_coding(app, api, imported_db):
    doc = doc_of(imported_db, "rs_k_18_2023_latn_scan.pdf")
    dealt = api("admin").post("/api/assignments", json={"doc_ids": [doc], "users": ["ana"], "blind_share": 1.0,
                                                        "blind_coders": ["marko"]})
    assert dealt.status_code == 200 and dealt.json()["blind"] == {"marko": [doc]}, dealt.text
    marko = page_login(app, "marko")
    page = marko.get(f"/verdicts/{doc}").text
    assert 'class="banner info"' in page and f'data-api="/api/blind/{doc}"' in page
    assert f'data-confirm="/api/blind/{doc}/submit"' in page
    prison = field_html(page, "defendants[0].sentence.prison_months")
    assert 'value=""' in prison and 'data-evidence="[]"' in prison and 'class="conf' not in prison
    assert "5 (PET) GODINA" not in prison and 'data-action="accept"' not in prison
    assert 'data-action="accept-all"' not in page and 'id="suggestions"' not in page
    # the reviewer of the same verdict still sees the draft
    ana_page = page_login(app, "ana").get(f"/verdicts/{doc}").text
    assert 'value="66"' in field_html(ana_page, "defendants[0].sentence.prison_months")
    assert "banner info" not in ana_page


def test_annotators_take_a_verdict_and_admins_assign_it(app, api, imported_db):
    doc = doc_of(imported_db, "rs_k_18_2023_latn_scan.pdf")
    ana = page_login(app, "ana")
    form = ana.get(f"/verdicts/{doc}/record").text
    assert 'data-action="take" data-me="ana"' in form and "data-assign" not in form
    assert api("ana").post(f"/api/records/{doc}/assign", json={"user": "ana"}).status_code == 200
    form = ana.get(f"/verdicts/{doc}/record").text
    assert '<strong id="assignee">ana</strong>' in form and 'data-action="take"' not in form
    admin_form = page_login(app, "admin").get(f"/verdicts/{doc}/record").text
    menu = admin_form[admin_form.index("data-assign"):]
    menu = menu[: menu.index("</select>")]
    assert '<option value="ana" selected>ana</option>' in menu and '"marko"' in menu and '"elena"' not in menu
