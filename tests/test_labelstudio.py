"""Label Studio reader: CRLF counts as one character, gold span text matches, split is deterministic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.labelstudio import (
    GoldError,
    analysis_text,
    find_text_file,
    load_split,
    load_tasks,
    make_split,
    select,
    task_text,
    trim_span,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpora" / "me-annotated"


def _export(tmp: Path, name: str, spans: list[tuple[str, int, int]], task_id: int = 7) -> Path:
    result = [
        {"id": f"r{i}", "type": "labels", "from_name": "label", "to_name": "text",
         "value": {"start": s, "end": e, "labels": [lab]}}
        for i, (lab, s, e) in enumerate(spans)
    ]
    result.append({"type": "relation", "from_id": "r0", "to_id": "r1", "labels": ["APPLIES_TO"]})
    path = tmp / "export.json"
    path.write_text(json.dumps([{"id": task_id, "data": {"text": name}, "annotations": [{"result": result}]}]))
    return path


def test_crlf_counts_as_one_character(tmp_path: Path) -> None:
    logical = "K.br. 57/16\nU IME CRNE GORE\nOsnovni sud u Beranama, po sudiji Dašić Draganu"
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "abcdef12-judgment_K_57_2016.txt").write_bytes(logical.replace("\n", "\r\n").encode())
    court = logical.index("Osnovni")
    gold = _export(tmp_path, "abcdef12-judgment_K_57_2016.txt",
                   [("CASE_NUMBER", 6, 11), ("COURT", court, court + len("Osnovni sud u Beranama"))])
    task = load_tasks(gold)[0]
    text = task_text(task, tmp_path / "texts")
    assert [text[s.start:s.end] for s in task.spans] == ["57/16", "Osnovni sud u Beranama"]
    assert task.relations == [("r0", "r1", ["APPLIES_TO"])]


def test_cr_cr_lf_leaves_a_carriage_return_that_analysis_turns_into_a_space(tmp_path: Path) -> None:
    raw = "K.br. 4/18 \r\r\nU IME CRNE GORE \r\r\nOsnovni sud u Kolašinu"
    (tmp_path / "judgment_K_4_2018.txt").write_bytes(raw.encode())
    # offsets as Label Studio counts them: each CRLF pair is one character, the extra CR is one more
    start = raw.replace("\r\n", "\n").index("Osnovni")
    gold = _export(tmp_path, "1234abcd-judgment_K_4_2018.txt", [("COURT", start, start + 22)])
    task = load_tasks(gold)[0]
    assert find_text_file(task, tmp_path).name == "judgment_K_4_2018.txt"  # prefix stripped on disk
    text = task_text(task, tmp_path)
    assert text[start:start + 22] == "Osnovni sud u Kolašinu"
    assert len(analysis_text(text)) == len(text) and "\r" not in analysis_text(text)


def test_span_past_the_end_is_an_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("short")
    gold = _export(tmp_path, "a.txt", [("COURT", 2, 50)])
    with pytest.raises(GoldError, match="a.txt"):
        task_text(load_tasks(gold)[0], tmp_path)


def test_missing_text_and_bad_export_are_errors(tmp_path: Path) -> None:
    gold = _export(tmp_path, "nothere.txt", [("COURT", 0, 1)])
    with pytest.raises(GoldError, match="nothere.txt"):
        task_text(load_tasks(gold)[0], tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(GoldError, match="bad.json"):
        load_tasks(bad)


def test_trim_span_drops_surrounding_whitespace() -> None:
    text = "dana 17.10.2018. godine"
    assert trim_span(text, 4, 17) == (5, 16)


def test_split_is_deterministic_and_disjoint(tmp_path: Path) -> None:
    for i in range(20):
        (tmp_path / f"t{i}.txt").write_text("x")
    tasks = []
    for i in range(20):
        gold = _export(tmp_path, f"t{i}.txt", [], task_id=1000 + i)
        tasks += load_tasks(gold)
    a = make_split(tasks, heldout=5)
    b = make_split(list(reversed(tasks)), heldout=5)
    assert a == b
    assert len(a["heldout"]) == 5 and len(a["dev"]) == 15
    assert not {e["id"] for e in a["dev"]} & {e["id"] for e in a["heldout"]}


def test_the_committed_split_holds_ids_and_file_names_only() -> None:
    path = REPO / "annotations" / "splits" / "me-annotated.json"
    data = json.loads(path.read_text())
    assert len(data["dev"]) == 30 and len(data["heldout"]) == 15
    for e in data["dev"] + data["heldout"]:
        assert set(e) == {"id", "file"}
    sides = load_split(path)
    assert not sides["dev"] & sides["heldout"]


@pytest.mark.corpus
def test_real_export_spans_fall_on_word_boundaries() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpora not present")
    tasks = load_tasks(SHARED / "labelstudio.json")
    assert len(tasks) == 45
    split = REPO / "annotations" / "splits" / "me-annotated.json"
    assert {t.id for t in select(tasks, "dev", split)} | {t.id for t in select(tasks, "heldout", split)} == {
        t.id for t in tasks}
    good = total = 0
    for t in select(tasks, "dev", split):
        text = task_text(t, SHARED / "texts")
        for s in t.spans:
            a, b = trim_span(text, s.start, s.end)
            total += 1
            left_ok = a == 0 or not (text[a - 1].isalnum() and text[a].isalnum())
            right_ok = b >= len(text) or not (text[b].isalnum() and text[b - 1].isalnum())
            good += left_ok and right_ok
    assert good / total > 0.97  # a wrong newline convention puts most spans off by a few characters
