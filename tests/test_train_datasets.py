"""Training sets: every source kind read into documents, one document per text, document-level splits with a
fixed seed, and a fingerprint that changes when a label does. Texts are fictitious, written here."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from pipeline.errors import ConfigError
from pipeline.train import datasets

CONLLU = """# newdoc id = d1
# sent id = d1-s1
1\tOsnovni\tosnovni\tA\tB-COURT
2\tsud\tsud\tN\tI-COURT
3\tu\tu\tS\tI-COURT
4\tBaru\tBar\tN\tI-COURT
5\tpresudio\tpresuditi\tV\tO

1\tPetar\tPetar\tN\tB-PER
2\tPetrović\tPetrović\tN\tI-PER

# newdoc id = d2
1\tZakon\tzakon\tN\tB-LAW
2\to\to\tS\tI-LAW
3\tradu\trad\tN\tI-LAW
"""


def test_conllu_documents_keep_their_spans(tmp_path):
    path = tmp_path / "legal.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    docs = datasets.read_source(f"conllu:{path}")
    assert [d.doc_id for d in docs] == ["legal:d1", "legal:d2"]
    first = docs[0]
    assert first.text == "Osnovni sud u Baru presudio\nPetar Petrović\n"
    assert [(label, first.text[a:b]) for label, a, b in first.spans] == [
        ("COURT", "Osnovni sud u Baru"), ("PER", "Petar Petrović")]
    assert [(label, docs[1].text[a:b]) for label, a, b in docs[1].spans] == [("LAW", "Zakon o radu")]


def test_a_records_export_is_joined_with_the_texts_of_the_labelstudio_export(tmp_path):
    text = "Oštećena V1 se upućuje na parnicu."
    (tmp_path / "records.jsonl").write_text(json.dumps({
        "document_id": "abc", "language": "sr",
        "victims": [{"name": {"value": "V1", "confidence": 1, "status": "confirmed"},
                     "compensation": {"outcome": {"value": "referred_to_civil", "confidence": 1,
                                                  "status": "corrected"}}}]}) + "\n", encoding="utf-8")
    (tmp_path / "tasks.json").write_text(json.dumps([{"id": 1, "data": {"text": text, "doc_id": "abc"},
                                                      "annotations": [{"result": [{"value": {
                                                          "start": 9, "end": 11, "labels": ["VICTIM"]}}]}]}]),
                                         encoding="utf-8")
    docs, textless = datasets.load([f"export:{tmp_path}"])
    assert textless == 0 and len(docs) == 1
    (doc,) = docs
    assert doc.text == text and doc.spans == [("VICTIM", 9, 11)]
    assert doc.victims == [{"name": "V1", "compensation.outcome": "referred_to_civil"}]
    only_records, missing = datasets.load([f"export:{tmp_path / 'records.jsonl'}"])
    assert missing == 1 and only_records == []


def test_the_same_text_from_two_sources_is_one_document(tmp_path):
    text = "Odbija se imovinskopravni zahtjev oštećene A.B."
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(json.dumps([{"id": 1, "data": {"text": text}}]), encoding="utf-8")
    docs, _ = datasets.load([f"labelstudio:{tmp_path / 'a.json'}", f"labelstudio:{tmp_path / 'b.json'}"])
    assert len(docs) == 1


def test_devset_reads_the_dev_part_only_by_default():
    folder = REPO / "annotations" / "devsets" / "mk"
    split = json.loads((folder / "split.json").read_text())
    dev = datasets.read_source(f"devset:{folder}")
    assert sorted(d.doc_id for d in dev) == sorted(f"devset:{i}" for i in split["dev"])
    held = datasets.read_source(f"devset:{folder}#heldout")
    assert sorted(d.doc_id for d in held) == sorted(f"devset:{i}" for i in split["heldout"])
    assert any(v.get("compensation.outcome") for d in dev for v in d.victims or [])


def test_split_is_by_document_seeded_and_stable_as_the_set_grows():
    docs = [datasets.TrainingDocument(f"d{i}", f"Presuda broj {i}.") for i in range(200)]
    train, held = datasets.split(docs, seed=7, fraction=0.25)
    assert not {d.text_sha256 for d in train} & {d.text_sha256 for d in held}
    assert len(train) + len(held) == 200 and 25 < len(held) < 75
    more = docs + [datasets.TrainingDocument(f"n{i}", f"Rješenje broj {i}.") for i in range(50)]
    _, held_more = datasets.split(more, seed=7, fraction=0.25)
    assert {d.doc_id for d in held} <= {d.doc_id for d in held_more}  # old documents keep their side
    assert datasets.split(docs, seed=7, fraction=0.25)[1] == held  # same seed, same split
    assert {d.doc_id for d in datasets.split(docs, seed=8, fraction=0.25)[1]} != {d.doc_id for d in held}
    fixed = docs[:3]
    train_fixed, held_fixed = datasets.split(docs, eval_documents=fixed)
    assert held_fixed == fixed and len(train_fixed) == 197


def test_fingerprint_follows_texts_and_labels():
    one = datasets.TrainingDocument("a", "Tekst.", victims=[{"name": "A", "compensation.outcome": "granted"}])
    other = datasets.TrainingDocument("a", "Tekst.", victims=[{"name": "A", "compensation.outcome": "rejected"}])

    def labels(d):
        return d.victims

    assert datasets.fingerprint([one], labels) != datasets.fingerprint([other], labels)
    assert datasets.fingerprint([one], labels) == datasets.fingerprint([one], labels)


def test_bad_sources_are_usage_errors(tmp_path):
    with pytest.raises(ConfigError, match="KIND:PATH"):
        datasets.read_source("records.jsonl")
    with pytest.raises(ConfigError, match="not found"):
        datasets.read_source(f"export:{tmp_path / 'missing.jsonl'}")


def test_record_sentences_are_used_only_where_their_offsets_fit_the_text():
    text = "Oštećena Ana Marić je saslušana. Sud je cijenio njenu mladost."
    record_like = datasets.TrainingDocument(
        "a", text, sentences=[{"start": 0, "end": 32, "section": "reasoning", "labels": []},
                              {"start": 33, "end": len(text), "section": "reasoning", "labels": ["mitigating"]}],
        anchors=[(9, 18, "Ana Marić")])
    assert datasets.sentences_fit(record_like)
    pseudonymised = datasets.TrainingDocument("a", text.replace("Ana Marić", "V1"),
                                              sentences=record_like.sentences, anchors=record_like.anchors)
    assert not datasets.sentences_fit(pseudonymised)


def test_sentence_tag_classifier_is_trained_registered_and_loaded(tmp_path, monkeypatch):
    from pipeline.nlp.tags import load_classifier
    from pipeline.train import registry
    from pipeline.train.sentence_tags import train_registered

    monkeypatch.setenv("SPOTON_MODELS", str(tmp_path))
    meta = train_registered([f"devset:{REPO / 'annotations' / 'devsets' / 'mk'}"], epochs=2)
    assert meta.name == "sentence-tags@1" and meta.backend == "spacy" and meta.labels
    assert "f1" in meta.metrics.overall and meta.eval_set.sha256 and meta.training_data.documents
    assert (tmp_path / "sentence-tags" / "1" / "spacy" / "meta.json").is_file()
    load_classifier.cache_clear()
    try:
        assert load_classifier() is None  # registered, not active
        registry.promote("sentence-tags", 1)
        load_classifier.cache_clear()
        classify = load_classifier()
        assert classify is not None
        assert len(classify(["Суд ја зеде предвид возраста."], ["reasoning"])) == 1
    finally:
        load_classifier.cache_clear()
