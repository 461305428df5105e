"""Assignment, blind coding and whole-record checks through the API (SQLite and PostgreSQL)."""

from __future__ import annotations

PRISON = "defendants[0].sentence.prison_months"


def test_deal_assigns_round_robin_with_a_blind_share(api, imported_db):
    admin = api("admin")
    dealt = admin.post("/api/assignments", json={"users": ["ana", "marko"], "country": ["RS"], "blind_share": 0.5,
                                                  "seed": 1})
    assert dealt.status_code == 200
    body = dealt.json()
    rs = imported_db.by_country["RS"]
    assert body["count"] == len(rs)
    assert abs(len(body["assigned"]["ana"]) - len(body["assigned"]["marko"])) <= 1
    assert body["blind_count"] == round(len(rs) * 0.5)
    for coder, doc_ids in body["blind"].items():
        for doc_id in doc_ids:
            assert doc_id not in body["assigned"][coder]  # never one's own verdict
    queue = admin.get("/api/documents?assignee=ana&per_page=200").json()
    assert sorted(d["doc_id"] for d in queue["items"]) == sorted(body["assigned"]["ana"])


def test_blind_coding_hides_the_draft_and_feeds_the_statistics(api, imported_db):
    admin, ana, marko = api("admin"), api("ana"), api("marko")
    doc = imported_db.doc("RS")
    dealt = admin.post("/api/assignments", json={"doc_ids": [doc], "users": ["ana"], "blind_coders": ["marko"],
                                                  "blind_share": 1.0}).json()
    assert dealt["blind"] == {"marko": [doc]}
    draft = ana.get(f"/api/records/{doc}").json()
    draft_prison = draft["defendants"][0]["sentence"]["prison_months"]["value"]
    assert draft_prison is not None
    # the blind coder cannot see the draft or the review until their coding is in
    assert marko.get(f"/api/records/{doc}").status_code == 403
    assert marko.get(f"/api/records/{doc}/history").status_code == 403
    blind = marko.get(f"/api/blind/{doc}").json()
    assert all(v["value"] is None and v["evidence"] == [] for v in
               [blind["case"]["court"], blind["defendants"][0]["sentence"]["prison_months"]])
    assert blind["entities"] == []
    assert ana.get(f"/api/blind/{doc}").status_code == 403  # not ana's blind coding
    coded = marko.patch(f"/api/blind/{doc}", json={"version": blind["version"], "changes": [
        {"path": PRISON, "value": draft_prison + 12},
        {"path": "case.court", "value": draft["case"]["court"]["value"]}]})
    assert coded.status_code == 200
    assert marko.post(f"/api/blind/{doc}/submit", json={"version": coded.json()["version"]}).status_code == 200
    assert marko.get(f"/api/records/{doc}").status_code == 200
    # the reviewer accepts the draft's prison term although blind coding says otherwise
    version = ana.get(f"/api/records/{doc}").json()["version"]
    assert ana.post(f"/api/records/{doc}/confirm", json={"version": version}).status_code == 200
    stats = admin.get("/api/stats/blind").json()
    assert stats["verdicts"] == 1
    prison = stats["fields"]["defendant.sentence.prison_months"]
    assert prison["draft_agrees"] == 0 and prison["contradicted"] >= 1 and prison["kept_contradicted"] >= 1
    court = stats["fields"]["case.court"]
    assert court["draft_agrees"] == 1 and court["draft_agrees_share"] == 1.0


def test_whole_record_checks_are_shown_beside_the_fields(api, imported_db):
    ana = api("ana")
    doc = imported_db.doc("RS")
    record = ana.get(f"/api/records/{doc}").json()
    changes = [{"path": PRISON, "value": 600}]
    changes += [{"path": f"defendants[0].charges[{i}].outcome", "value": "acquitted"}
                for i in range(len(record["defendants"][0]["charges"]))]
    changes += [{"path": "victims[0].compensation.claimed", "value": False},
                {"path": "victims[0].compensation.amount", "value": {"amount": "1000", "currency": "RSD"}}]
    saved = ana.patch(f"/api/records/{doc}", json={"version": record["version"], "changes": changes}).json()
    found = {w["id"]: w for w in saved["review"]["warnings"]}
    assert found["sentence_without_conviction"]["path"] == "defendants[0].sentence.type"
    assert found["compensation_amount_without_claim"]["path"] == "victims[0].compensation.amount"
    macedonian = ana.get(f"/api/records/{doc}/warnings?lang=mk").json()["warnings"]
    assert any("надомест" in w["message"] for w in macedonian)
    # prison over the maximum once a charge is convicted again
    fixed = ana.patch(f"/api/records/{doc}", json={"version": saved["version"], "changes": [
        {"path": "defendants[0].charges[0].outcome", "value": "convicted"}]}).json()
    ids = {w["id"] for w in fixed["review"]["warnings"]}
    assert "prison_over_maximum" in ids and "sentence_without_conviction" not in ids
