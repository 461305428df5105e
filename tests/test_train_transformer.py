"""The transformers backend: a checkpoint fine-tuned for our entity labels, registered, reloaded and tagging.

No checkpoint is downloaded: the test makes a tiny randomly initialised BERT (2 layers, hidden size 32) with
a WordPiece vocabulary trained on the test's own fictitious sentences, saves it as a user's downloaded
checkpoint would be, and fine-tunes it on the CPU for a few hundred steps on those sentences.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import spoton

from pipeline.nlp import transformer_tagger
from pipeline.train import registry
from pipeline.train.transformer import Doc, folder_sha256, train, validation_part

PEOPLE = [("Marko Marković", "Petra Petrovića"), ("Jovan Jovanović", "Nikole Nikolića"),
          ("Ana Anić", "Milana Milića"), ("Vesna Vesić", "Dragana Dragića"), ("Ivan Ivić", "Zorana Zorića"),
          ("Lidija Lalić", "Bojana Bojića")]
COURTS = ["Osnovni sud u Podgorici", "Viši sud u Bijelom Polju", "Osnovni sud u Baru",
          "Viši sud u Podgorici", "Osnovni sud u Kotoru", "Osnovni sud u Nikšiću"]


def sentence(i: int) -> tuple[str, list[tuple[str, int, int]]]:
    """A fictitious verdict opening with its gold spans (COURT, JUDGE, CASE_NUMBER, DEFENDANT)."""
    judge, defendant = PEOPLE[i % len(PEOPLE)]
    court = COURTS[i % len(COURTS)]
    case = f"K {10 + i}/20{15 + i % 8}"
    parts = [(court, "COURT"), (", sudija ", None), (judge, "JUDGE"), (", u krivičnom predmetu ", None),
             (case, "CASE_NUMBER"), (" protiv optuženog ", None), (defendant, "DEFENDANT"),
             (" zbog krivičnog djela trgovina ljudima.\n", None)]
    text, spans = "", []
    for piece, label in parts:
        if label:
            spans.append((label, len(text), len(text) + len(piece)))
        text += piece
    return text, spans


def tiny_checkpoint(folder: Path, texts: list[str]) -> Path:
    """A randomly initialised 2-layer BERT and a WordPiece tokenizer trained on ``texts``."""
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=False, strip_accents=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    tok.train_from_iterator(texts, trainers.WordPieceTrainer(
        vocab_size=200, special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]))
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]", model_max_length=64)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=tok.get_vocab_size(), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=64)
    BertModel(config).save_pretrained(str(folder))
    fast.save_pretrained(str(folder))
    return folder


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("transformer")
    docs = []
    for i in range(6):
        # two sentences per document: longer than one 32-subword window, so the windows are exercised
        (t1, s1), (t2, s2) = sentence(i), sentence(i + 3)
        docs.append(Doc(str(i), t1 + t2, s1 + [(lab, a + len(t1), b + len(t1)) for lab, a, b in s2]))
    base = tiny_checkpoint(root / "base", [d.text for d in docs])
    config = root / "config.yaml"
    config.write_text("component: ner-test\nlabels: [COURT, JUDGE, CASE_NUMBER, DEFENDANT]\nepochs: 60\n"
                      "learning_rate: 3.0e-3\nwarmup: 0.05\nbatch_size: 4\nmax_length: 32\nseed: 7\n"
                      "validation_share: 0\n",
                      encoding="utf-8")
    models = root / "models"
    import torch

    torch.set_num_threads(1)  # tiny matrices: threads only wait for each other on a busy 2-core machine
    mp = pytest.MonkeyPatch()
    mp.setenv("SPOTON_MODELS", str(models))
    try:
        meta = train(base, config=config, train_docs=docs, eval_docs=docs[:3], log=lambda _: None)
    finally:
        mp.undo()
    return {"root": root, "base": base, "models": models, "meta": meta, "docs": docs, "config": config}


def test_fine_tuned_model_is_registered_with_its_base_model_and_not_activated(trained: dict,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    meta = trained["meta"]
    monkeypatch.setenv("SPOTON_MODELS", str(trained["models"]))
    assert meta["version"] == 1
    stored = registry.get("ner-test", 1)
    assert stored.backend == "transformers"
    assert stored.extra["base_model"]["sha256"] == folder_sha256(trained["base"])
    assert stored.extra["base_model"]["model_type"] == "bert"
    assert set(stored.libraries) == {"torch", "transformers", "tokenizers"}
    assert stored.eval_set is not None and stored.training_data.documents == 6
    assert registry.active("ner-test") is None  # registering never puts a model into use
    losses = stored.extra["training"]["loss_per_epoch"]
    assert losses[-1] < losses[0] / 5


def test_reloaded_model_tags_the_entities_it_was_trained_on(trained: dict) -> None:
    tagger = transformer_tagger.load(trained["models"] / "ner-test" / "1")
    assert tagger.name == "ner-test@1"
    for doc in trained["docs"][:3]:
        predicted = tagger.predict_spans(doc.text)
        assert {(lab, a, b) for lab, a, b, _ in predicted} == set(doc.spans)
        assert all(0.0 < score <= 1.0 for *_, score in predicted)
    assert trained["meta"]["metrics"]["overall"]["f1"] == 1.0


def test_a_text_longer_than_many_windows_is_tagged_everywhere(trained: dict) -> None:
    """Windows overlap; each subword is decided where it has context on both sides."""
    tagger = transformer_tagger.load(trained["models"] / "ner-test" / "1")
    text, spans = "", []
    for i in range(6):
        t, s = sentence(i)
        spans += [(lab, a + len(text), b + len(text)) for lab, a, b in s]
        text += t
    assert len(transformer_tagger.encode(tagger.tokenizer, text).ids) > 4 * 32
    found = tagger.predict_spans(text)
    # every entity, in every window, is found (the tiny model's B/I edges are less sure far from its data)
    for lab, a, b in spans:
        assert any(plab == lab and pa < b and a < pb for plab, pa, pb, _ in found), (lab, text[a:b])
    assert len({(lab, a, b) for lab, a, b, _ in found} & set(spans)) >= len(spans) / 2


def test_every_word_is_represented_by_a_subword_inside_it(trained: dict) -> None:
    tokenizer = transformer_tagger.load_tokenizer(trained["base"])
    text = "Osnovni sud u Podgorici, K 12/2017: Petra Petrovića.\n"
    enc = transformer_tagger.encode(tokenizer, text)
    assert len(enc.word_subword) == len(enc.words) == 13
    for (start, end), k in zip(enc.words, enc.word_subword, strict=True):
        assert k is not None and start <= enc.offsets[k][0] < end


def test_no_config_json_is_a_usage_error(tmp_path: Path, trained: dict) -> None:
    empty = tmp_path / "not-a-model"
    empty.mkdir()
    proc = spoton("train", "ner", "--backend", "transformers", "--base-model", empty,
                  "--config", trained["config"], env={"SPOTON_MODELS": str(tmp_path / "models")})
    assert proc.returncode == 2, proc.stderr
    assert "config.json" in proc.stderr
    assert not (tmp_path / "models" / "ner-test").exists()


def test_meta_names_the_labels_it_takes_over(trained: dict) -> None:
    meta = json.loads((trained["models"] / "ner-test" / "1" / "meta.json").read_text(encoding="utf-8"))
    assert meta["takeover"] == sorted(meta["takeover"])
    assert set(meta["extra"]["decision"]["per_label"]) == {"COURT", "JUDGE", "CASE_NUMBER", "DEFENDANT"}
    assert "optimistic" in meta["extra"]["decision"]["method"]  # validation_share 0: decided where measured


def test_the_validation_part_is_seeded_disjoint_and_never_all() -> None:
    documents = [Doc(f"d{i}", "x", []) for i in range(10)]
    part = validation_part(documents, 0.2, seed=3)
    assert len(part) == 2 and part == validation_part(list(reversed(documents)), 0.2, seed=3)
    assert validation_part(documents[:2], 0.9, seed=3) == validation_part(documents[:2], 0.9, seed=3)
    assert len(validation_part(documents[:2], 0.9, seed=3)) == 1
    assert validation_part(documents[:1], 0.5, seed=3) == [] == validation_part(documents, 0, seed=3)


def test_command_trains_from_sources_and_registers_a_version(tmp_path: Path, trained: dict) -> None:
    """`spoton train ner --backend transformers --from labelstudio:... --eval labelstudio:...`."""
    def export(path: Path, documents: list[Doc]) -> Path:
        tasks = [{"id": n, "data": {"text": d.text},
                  "annotations": [{"result": [{"type": "labels", "value": {"start": a, "end": b, "labels": [lab]}}
                                              for lab, a, b in d.spans]}]} for n, d in enumerate(documents, 1)]
        path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
        return path

    train_file = export(tmp_path / "train.json", trained["docs"][:4])
    eval_file = export(tmp_path / "eval.json", trained["docs"][4:])
    config = tmp_path / "config.yaml"
    config.write_text(trained["config"].read_text(encoding="utf-8").replace("epochs: 60", "epochs: 2")
                      .replace("validation_share: 0\n", ""),
                      encoding="utf-8")
    models = tmp_path / "models"
    proc = spoton("train", "ner", "--backend", "transformers", "--base-model", trained["base"], "--config", config,
                  "--from", f"labelstudio:{train_file}", "--eval", f"labelstudio:{eval_file}", "--models", models)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "ner-test@1 registered" in proc.stderr
    meta = json.loads((models / "ner-test" / "1" / "meta.json").read_text(encoding="utf-8"))
    # one of the four training documents is held out of the fine-tuning to decide the takeover on
    assert meta["training_data"]["documents"] == 3
    assert len(meta["extra"]["training"]["validation_documents"]) == 1
    assert meta["extra"]["decision"]["method"].startswith("strict F1 on 1 validation document")
    # the weights kept are those of the epoch that did best on the validation document
    training = meta["extra"]["training"]
    scores = training["validation_f1_per_epoch"]
    assert len(scores) == 2 and training["epoch_kept"] == scores.index(max(scores)) + 1
    assert meta["training_data"]["sources"] == [f"labelstudio:{train_file}"]
    assert meta["eval_set"]["name"] == f"eval:labelstudio:{eval_file}"
    assert (models / "ner-test" / "1" / "model" / "config.json").is_file()


_TO_CYRILLIC = {"lj": "љ", "nj": "њ", "dž": "џ", **dict(zip("abvgdđežzijklmnoprstćufhcčš", "абвгдђежзијклмнопрстћуфхцчш",
                                                            strict=True))}


def cyrillic(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        pair, ch = text[i : i + 2], text[i]
        if pair.lower() in _TO_CYRILLIC and len(pair) == 2:
            c = _TO_CYRILLIC[pair.lower()]
            out.append(c.upper() if pair[0].isupper() else c)
            i += 2
            continue
        c = _TO_CYRILLIC.get(ch.lower(), ch)
        out.append(c.upper() if ch.isupper() else c)
        i += 1
    return "".join(out)


def test_cyrillic_text_is_tagged_through_its_latin_layer_in_its_own_offsets(trained: dict) -> None:
    """Љ is two Latin letters (Lj): every later offset moves, and the spans must still point into the
    Cyrillic text ("Пољу" in the court, "људима" before the second sentence's entities)."""
    tagger = transformer_tagger.load(trained["models"] / "ner-test" / "1")
    doc = trained["docs"][1]
    text = cyrillic(doc.text)
    assert text.count("љ") >= 3
    shift = 0
    found = {(lab, a, b) for lab, a, b, _ in tagger.predict_spans(text)}
    for lab, a, b in doc.spans:
        start, end = shift + len(cyrillic(doc.text[:a])), shift + len(cyrillic(doc.text[:b]))
        assert text[start:end] == cyrillic(doc.text[a:b])
        assert (lab, start, end) in found, (lab, text[start:end])
