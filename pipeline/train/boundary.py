"""Train the span corrector (:mod:`pipeline.nlp.boundary`) on annotated verdicts and measure it honestly.

    spoton train ner --config pipeline/train/configs/ner-sr.yaml --out BUILD_DIR

Three things are learned per field family (people, provisions, sanctions, header; the families and their
labels are in the config): where a rule span starts, where it ends (each a choice among the token
boundaries within ``window`` tokens of the rule's edge) and whether the span is kept. Which of these a label
uses is decided from data, label by label: k-fold cross-validation by document inside the training
documents compares the strict F1 of the rules alone, rules + boundaries, rules + filter and rules + both,
and a label takes the best option only when it beats the rules by ``margin``.

:func:`cross_validate` measures the whole procedure the way the issue asks: 5 folds by document over all
annotated verdicts, the per-label decision remade inside each training part (nested: never on the test
fold), rules alone and rules + model scored on the same test documents, entity strict/overlap F1 per label
and field accuracy of the draft record.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError
from pipeline.evaluate import (
    CORE_FIELDS,
    FIELDS,
    Counts,
    by_label,
    doc_view,
    field_equal,
    fields_from_record,
    fields_from_spans,
    make_document,
    norm_span,
    overlap_counts,
    strict_counts,
)
from pipeline.labelstudio import analysis_text, load_tasks, select, task_text
from pipeline.model import EntitySpan
from pipeline.nlp.boundary import (
    KIND,
    LabelDecision,
    Local,
    Span,
    SpanCorrector,
    adder_features,
    apply,
    end_candidates,
    end_features,
    from_weights,
    gazetteer_key,
    keep_features,
    load_corrector,
    mention_context,
    region_of,
    region_tokens,
    start_candidates,
    start_features,
)
from pipeline.nlp.entities import TASK_LABELS, find_entities
from pipeline.nlp.rules import load_rules, regions_from_markers
from pipeline.train import registry

Log = Callable[[str], None]


@dataclass
class TrainDoc:
    """One annotated verdict with what training needs: gold spans, the rules' spans, the regions."""

    id: int
    name: str
    text: str
    gold: list[tuple[str, int, int]]
    rules: list[Span]  # task-label spans of find_entities (rules only), sorted
    extra: list[EntitySpan]  # the other labels (DATE, MONEY, ...), kept as they are
    regions: dict[str, tuple[int, int]]
    heldout: bool = False
    _structure: Any = None

    def structure(self) -> Any:
        from pipeline.nlp.structure import segment

        if self._structure is None:
            self._structure = segment(make_document(self.text, self.name))
        return self._structure


def load_docs(gold_json: Path, texts_dir: Path, split_file: Path | None, labels: Sequence[str],
              split: str = "all") -> list[TrainDoc]:
    """The annotated verdicts of ``split`` with the rules' spans over them (rules only, no model)."""
    tasks = load_tasks(Path(gold_json))
    heldout = {t.id for t in select(tasks, "heldout", split_file)} if split_file else set()
    wanted = set(labels)
    docs = []
    for task in select(tasks, split, split_file):  # type: ignore[arg-type]
        text = analysis_text(task_text(task, Path(texts_dir)))
        gold = []
        for s in task.spans:
            if s.label in wanted:
                a, b = norm_span(text, s.start, s.end)
                if b > a:
                    gold.append((s.label, a, b))
        doc = make_document(text, task.bare_name)
        ents = find_entities(doc, use_model=False)
        rules = [Span(e.label, e.start, e.end, e.source or "") for e in ents if e.label in TASK_LABELS]
        extra = [e for e in ents if e.label not in TASK_LABELS]
        regions = regions_from_markers(text, load_rules("sr-Latn"))
        docs.append(TrainDoc(task.id, task.bare_name, text, gold, rules, extra, regions, task.id in heldout))
    return docs


# --------------------------------------------------------------------------- examples and fitting


@dataclass
class Examples:
    """Feature lists and 0/1 targets of one family's three classifiers."""

    start: tuple[list[list[str]], list[int]] = field(default_factory=lambda: ([], []))
    end: tuple[list[list[str]], list[int]] = field(default_factory=lambda: ([], []))
    keep: tuple[list[list[str]], list[int]] = field(default_factory=lambda: ([], []))


def _best_gold(span: Span, gold: Sequence[tuple[str, int, int]]) -> tuple[str, int, int] | None:
    best, best_ov = None, 0
    for g in gold:
        if g[0] != span.label:
            continue
        ov = min(g[2], span.end) - max(g[1], span.start)
        if ov > best_ov:
            best, best_ov = g, ov
    return best


def examples(docs: Sequence[TrainDoc], families: dict[str, list[str]], windows: dict[str, int]) -> dict[str, Examples]:
    """Training examples per family from the rule spans of ``docs`` and the gold spans over them."""
    family_of = {lab: fam for fam, labs in families.items() for lab in labs}
    out = {fam: Examples() for fam in families}
    for d in docs:
        n = len(d.text)
        context = mention_context(d.rules, d.text)
        for idx, s0 in enumerate(d.rules):
            fam = family_of.get(s0.label)
            if fam is None:
                continue
            a, b = norm_span(d.text, s0.start, s0.end)
            if b <= a:
                continue
            s = Span(s0.label, a, b, s0.source)
            loc = Local.around(d.text, a, b)
            g = _best_gold(s, d.gold)
            mention, seen = context[idx]
            ex = out[fam]
            ex.keep[0].append(keep_features(loc, s, region_of(d.regions, a), mention, seen, a / max(1, n)))
            ex.keep[1].append(int(g is not None))
            if g is None:
                continue
            k = windows.get(fam, 3)
            import bisect

            i0 = bisect.bisect_left(loc.starts, a)
            cands = start_candidates(loc, a, b, k)
            if any(o == g[1] for o, _ in cands):
                for o, i in cands:
                    ex.start[0].append(start_features(loc, s, i, i - i0, o == a))
                    ex.start[1].append(int(o == g[1]))
            j0 = bisect.bisect_right(loc.ends, b) - 1
            cands = end_candidates(loc, a, b, k)
            if any(o == g[2] for o, _ in cands):
                for o, j in cands:
                    ex.end[0].append(end_features(loc, s, j, j - j0, o == b))
                    ex.end[1].append(int(o == g[2]))
    return out


def fit_linear(feats: list[list[str]], y: list[int], c: float, prune: float = 1e-4) -> dict[str, Any]:
    """Logistic regression over binary string features -> {"bias", "weights"} (JSON-ready)."""
    if not y or len(set(y)) < 2:
        # one class only: a constant scorer (keeps everything / prefers nothing)
        return {"bias": 5.0 if (y and y[0] == 1) or not y else -5.0, "weights": {}}
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(f, 1) for f in feats]).tocsr()
    x.indices = x.indices.astype("int32")  # liblinear takes 32-bit sparse indices only
    x.indptr = x.indptr.astype("int32")
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=200)
    clf.fit(x, y)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 5) for n, w in zip(names, clf.coef_[0], strict=True) if abs(w) > prune}
    return {"bias": round(float(clf.intercept_[0]), 5), "weights": weights}


_SCRATCH: list[Any] = []  # a temporary folder for the CRF files of the folds, removed at exit


def _scratch() -> Path:
    import tempfile

    if not _SCRATCH:
        _SCRATCH.append(tempfile.TemporaryDirectory(prefix="spoton-adder-"))
    return Path(_SCRATCH[0].name)


@lru_cache(maxsize=4)
def comtext_gazetteer(path: str, label: str = "PER", min_share: float = 0.5) -> frozenset[int]:
    """Words of COMtext.SR (CoNLL-U) that are mostly inside ``label`` spans (names of persons: "Marko",
    "Petrović"), as :func:`gazetteer_key` hashes; words of three letters or fewer are left out."""
    from pipeline.train.datasets import read_source

    inside: dict[str, int] = {}
    total: dict[str, int] = {}
    for doc in read_source(f"conllu:{path}"):
        marked = [(a, b) for lab, a, b in (doc.spans or []) if lab == label]
        for m in _WORD.finditer(doc.text):
            w = m.group().lower()
            if len(w) <= 3:
                continue
            total[w] = total.get(w, 0) + 1
            if any(a <= m.start() < b for a, b in marked):
                inside[w] = inside.get(w, 0) + 1
    return frozenset(gazetteer_key(w) for w, n in inside.items() if n / total[w] >= min_share)


_WORD = re.compile(r"[^\W\d_]+")


def _adder_gazetteer(acfg: dict[str, Any]) -> frozenset[int]:
    src = acfg.get("gazetteer")
    if not src:
        return frozenset()
    path = Path(src["source"])
    if not path.is_absolute():
        path = Path(__file__).resolve().parents[2] / path
    if not path.is_file():
        raise ConfigError(f"The adder's gazetteer source {path} is not there (corrector.adder.gazetteer.source).")
    return comtext_gazetteer(str(path), str(src.get("label", "PER")), float(src.get("min_share", 0.5)))


def fit_adder(docs: Sequence[TrainDoc], acfg: dict[str, Any], path: Path) -> dict[str, Any]:
    """Train the adder's CRF on the regions where its labels live; returns the weights' "adder" entry."""
    import pycrfsuite

    from pipeline.nlp.tagger import bio_from_spans

    regions = {lab: list(r) for lab, r in acfg["regions"].items()}
    wanted = {r for rs in regions.values() for r in rs}
    gazetteer = _adder_gazetteer(acfg)
    trainer = pycrfsuite.Trainer(verbose=False)
    for d in docs:
        tokens = region_tokens(d.text, d.regions, wanted)
        if not tokens:
            continue
        gold = [g for g in d.gold if g[0] in regions and region_of(d.regions, g[1]) in regions[g[0]]]
        trainer.append(adder_features(d.text, tokens, d.rules, d.regions, gazetteer, regions),
                       bio_from_spans(tokens, gold))
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 100, "feature.possible_transitions": True,
                        **(acfg.get("crf") or {})})
    trainer.train(str(path))
    return {"file": str(path), "regions": regions, "gazetteer": sorted(gazetteer)}


def fit(docs: Sequence[TrainDoc], cfg: dict[str, Any], decision: dict[str, LabelDecision] | None = None) -> dict[str, Any]:
    """Weights of every family's three classifiers, trained on ``docs`` (JSON-ready structure), and the
    adder's CRF when the config has one (its file in a scratch folder until the model is written)."""
    families = {k: list(v) for k, v in cfg["families"].items()}
    windows = {k: int(v) for k, v in cfg.get("windows", {}).items()}
    c = cfg.get("c", {})
    ex = examples(docs, families, windows)
    weights: dict[str, Any] = {"families": families, "windows": {f: windows.get(f, 3) for f in families},
                               "start": {}, "end": {}, "keep": {}, "decision": {}}
    for fam, e in ex.items():
        weights["start"][fam] = fit_linear(*e.start, float(c.get("boundary", 1.0)))
        weights["end"][fam] = fit_linear(*e.end, float(c.get("boundary", 1.0)))
        weights["keep"][fam] = fit_linear(*e.keep, float(c.get("filter", 1.0)))
    weights["decision"] = {lab: vars(d) for lab, d in (decision or {}).items()}
    if cfg.get("adder"):
        file = _scratch() / f"adder-{hashlib.sha256(json.dumps(sorted(d.id for d in docs)).encode()).hexdigest()[:16]}.crfsuite"
        weights["adder"] = fit_adder(docs, cfg["adder"], file)
    return weights


def correct_doc(model: SpanCorrector, doc: TrainDoc, decision: dict[str, LabelDecision] | None = None) -> list[Span]:
    return apply(model, doc.text, doc.rules, doc.regions, decision=decision)


def _spans3(doc: TrainDoc, spans: Sequence[Span]) -> list[tuple[str, int, int]]:
    out = []
    for s in spans:
        a, b = norm_span(doc.text, s.start, s.end)
        if b > a:
            out.append((s.label, a, b))
    return out


def _fold_of(docs: Sequence[TrainDoc], k: int, seed: str) -> dict[int, int]:
    """Documents dealt round-robin to k folds in the order of sha256(seed:id): fixed, balanced."""
    order = sorted(docs, key=lambda d: hashlib.sha256(f"{seed}:{d.id}".encode()).hexdigest())
    return {d.id: i % k for i, d in enumerate(order)}


def _options(cfg: dict[str, Any]) -> dict[str, LabelDecision | None]:
    """The options a label can take: the rules alone, new edges, the filter at each threshold, both."""
    out: dict[str, LabelDecision | None] = {"rules": None, "boundary": LabelDecision(boundary=True)}
    for t in cfg.get("thresholds", [0.5]):
        out[f"filter@{t}"] = LabelDecision(filter=True, threshold=float(t))
        out[f"both@{t}"] = LabelDecision(boundary=True, filter=True, threshold=float(t))
    if cfg.get("adder"):  # each option also with the adder's spans where the rules found nothing
        for name, choice in list(out.items()):
            base = vars(choice) if choice is not None else {}
            for t in [0.0, *cfg["adder"].get("thresholds", [])]:
                add = "add" + (f"@{t}" if t else "")
                out[add if name == "rules" else f"{name}+{add}"] = LabelDecision(**{**base, "add": True,
                                                                                     "add_threshold": float(t)})
    return out


def decide(docs: Sequence[TrainDoc], cfg: dict[str, Any], log: Log | None = None) -> tuple[dict[str, LabelDecision], dict[str, Any]]:
    """Per-label option from k-fold CV inside ``docs``: the rules unless an option's strict F1 beats theirs by
    ``margin``, makes ``min_errors_fixed`` fewer errors (a one-span gain on a small label is chance) and errs no
    more than the rules in at least ``consistent_folds`` of the inner folds (a gain made in one fold alone is
    chance too)."""
    k = int(cfg.get("inner_folds", 4))
    margin = float(cfg.get("margin", 0.005))
    labels = [lab for labs in cfg["families"].values() for lab in labs]
    repeats = max(1, int(cfg.get("inner_repeats", 1)))
    options = _options(cfg)
    counts = {opt: {lab: Counts() for lab in labels} for opt in options}
    not_worse = {opt: dict.fromkeys(labels, 0) for opt in options}  # inner folds where opt errs no more than the rules
    for rep, fold in ((r, f) for r in range(repeats) for f in range(k)):
        folds = _fold_of(docs, k, str(cfg.get("seed", "spoton-ner-cv")) + f":inner:{rep}")
        train = [d for d in docs if folds[d.id] != fold]
        test = [d for d in docs if folds[d.id] == fold]
        if not train or not test:
            continue
        model = from_weights(fit(train, cfg))
        fold_errors: dict[str, dict[str, int]] = {}
        for opt, choice in options.items():
            dec = {lab: choice for lab in labels} if choice is not None else {}
            fold_errors[opt] = dict.fromkeys(labels, 0)
            for d in test:
                pred = _spans3(d, correct_doc(model, d, dec)) if dec else _spans3(d, d.rules)
                for lab in labels:
                    c = strict_counts(by_label(d.gold, lab), by_label(pred, lab))
                    counts[opt][lab].add(c)
                    fold_errors[opt][lab] += c.fp + c.fn
        for opt in options:
            for lab in labels:
                not_worse[opt][lab] += fold_errors[opt][lab] <= fold_errors["rules"][lab]
    decision: dict[str, LabelDecision] = {}
    table: dict[str, Any] = {}
    names = list(options)
    min_fixed = int(cfg.get("min_errors_fixed", 0))

    def errors(opt: str, lab: str) -> int:
        return counts[opt][lab].fp + counts[opt][lab].fn

    for lab in labels:
        f1 = {opt: counts[opt][lab].f1 for opt in names}
        best = max(names[1:], key=lambda o: (f1[o], -names.index(o)))
        better = (f1[best] >= f1["rules"] + margin and errors("rules", lab) - errors(best, lab) >= min_fixed
                  and not_worse[best][lab] >= min(k * repeats, int(cfg.get("consistent_folds", 0)) * repeats))
        chosen = best if better else "rules"
        table[lab] = {"strict_f1": {o: round(v, 4) for o, v in f1.items()}, "chosen": chosen}
        if chosen != "rules":
            decision[lab] = options[chosen]  # type: ignore[assignment]
    if log:
        log("decision: " + ", ".join(f"{lab} {t['chosen']}" for lab, t in table.items() if t["chosen"] != "rules"))
    return decision, table


def train_corrector(docs: Sequence[TrainDoc], cfg: dict[str, Any], log: Log | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Decide per label (CV inside ``docs``), then fit on all ``docs``: (weights, decision table)."""
    decision, table = decide(docs, cfg, log)
    return fit(docs, cfg, decision), table


# --------------------------------------------------------------------------- measuring


def _entities(doc: TrainDoc, spans: Sequence[Span], model_name: str, changed: set[int] | None = None) -> list[EntitySpan]:
    ents = [EntitySpan(label=s.label, start=s.start, end=s.end, text=doc.text[s.start : s.end], source=s.source)
            for s in spans]
    return sorted(ents + list(doc.extra), key=lambda e: (e.start, e.end))


def record_fields(doc: TrainDoc, spans: Sequence[Span]) -> dict[str, Any]:
    """The measured fields of the draft record built over these entities."""
    from pipeline.coding import build_record

    record = build_record(make_document(doc.text, doc.name), doc.structure(), _entities(doc, spans, ""))
    return fields_from_record(record)


@dataclass
class Tally:
    """Entity counts per label (strict and overlap) and field counts, for one system over some documents."""

    strict: dict[str, Counts]
    overlap: dict[str, Counts]
    fields: dict[str, list[int]]  # field -> [correct, total]

    @classmethod
    def empty(cls, labels: Sequence[str]) -> Tally:
        return cls({lab: Counts() for lab in labels}, {lab: Counts() for lab in labels},
                   {f: [0, 0] for f in FIELDS})

    def add(self, doc: TrainDoc, pred: list[tuple[str, int, int]], fields: dict[str, Any] | None) -> None:
        for lab in self.strict:
            self.strict[lab].add(strict_counts(by_label(doc.gold, lab), by_label(pred, lab)))
            self.overlap[lab].add(overlap_counts(by_label(doc.gold, lab), by_label(pred, lab)))
        if fields is None:
            return
        gold = fields_from_spans(doc_view(doc.text, doc.gold, doc.regions))
        for f in FIELDS:
            if gold[f] is None:
                continue
            self.fields[f][1] += 1
            self.fields[f][0] += field_equal(f, gold[f], fields[f])

    def summary(self) -> dict[str, Any]:
        micro_s, micro_o = Counts(), Counts()
        for lab in self.strict:
            micro_s.add(self.strict[lab])
            micro_o.add(self.overlap[lab])
        correct = sum(c for f, (c, _) in self.fields.items() if f in CORE_FIELDS)
        total = sum(t for f, (_, t) in self.fields.items() if f in CORE_FIELDS)
        correct_all = sum(c for c, _ in self.fields.values())
        total_all = sum(t for _, t in self.fields.values())
        present = [lab for lab, c in self.strict.items() if c.tp + c.fp + c.fn]
        return {
            "micro": {"strict": micro_s.as_dict(), "overlap": micro_o.as_dict()},
            "macro_strict_f1": round(sum(self.strict[lab].f1 for lab in present) / max(1, len(present)), 4),
            "per_label": {lab: {"strict": self.strict[lab].as_dict(), "overlap": self.overlap[lab].as_dict()}
                          for lab in self.strict},
            "fields": {f: {"correct": c, "total": t, "accuracy": round(c / t, 4) if t else None}
                       for f, (c, t) in self.fields.items()},
            "field_accuracy": round(correct / total, 4) if total else None,  # the nine CORE_FIELDS
            "field_accuracy_all": round(correct_all / total_all, 4) if total_all else None,
        }


def cross_validate(docs: Sequence[TrainDoc], cfg: dict[str, Any], log: Log = print, with_fields: bool = True) -> dict[str, Any]:
    """k-fold CV by document over ``docs``: rules alone vs rules + model (decision nested in each
    training part), on all documents and on the held-out ones alone."""
    k = int(cfg.get("folds", 5))
    labels = [lab for lab in cfg["labels"]]
    folds = _fold_of(docs, k, str(cfg.get("seed", "spoton-ner-cv")))
    tallies = {(sys, part): Tally.empty(labels) for sys in ("rules", "model") for part in ("all", "heldout", "dev")}
    decisions = []
    for fold in range(k):
        t0 = time.perf_counter()
        train = [d for d in docs if folds[d.id] != fold]
        test = [d for d in docs if folds[d.id] == fold]
        weights, table = train_corrector(train, cfg)
        model = from_weights(weights)
        decisions.append({lab: t["chosen"] for lab, t in table.items()})
        for d in test:
            corrected = correct_doc(model, d)
            for sys, spans in (("rules", d.rules), ("model", corrected)):
                fields = record_fields(d, spans) if with_fields else None
                pred = _spans3(d, spans)
                for part in ("all", "heldout" if d.heldout else "dev"):
                    tallies[(sys, part)].add(d, pred, fields)
        log(f"fold {fold + 1}/{k}: trained on {len(train)}, tested on {len(test)} ({time.perf_counter() - t0:.0f} s); "
            f"model: {', '.join(f'{lab} {o}' for lab, o in decisions[-1].items() if o != 'rules') or 'nothing'}")
    return {
        "method": f"{k}-fold cross-validation by document (seed {cfg.get('seed', 'spoton-ner-cv')!r}), "
                  f"per-label decision by {cfg.get('inner_folds', 4)}-fold CV inside each training part",
        "documents": len(docs),
        "heldout_documents": sum(d.heldout for d in docs),
        "decisions_per_fold": decisions,
        **{f"{sys}_{part}": tallies[(sys, part)].summary() for sys in ("rules", "model") for part in ("all", "heldout", "dev")},
    }


# --------------------------------------------------------------------------- the model folder


def _eval_set(docs: Sequence[TrainDoc], cfg: dict[str, Any]) -> dict[str, str]:
    """What the figures were measured on: these documents, these folds (promotion compares like with like)."""
    ids = sorted(d.id for d in docs)
    key = json.dumps({"ids": ids, "seed": cfg.get("seed", "spoton-ner-cv"), "folds": cfg.get("folds", 5)})
    return {"name": f"me-annotated-cv{cfg.get('folds', 5)}-{len(ids)}docs",
            "sha256": hashlib.sha256(key.encode()).hexdigest()}



def _strip_unused(weights: dict[str, Any]) -> None:
    """Drop the classifiers no label was given (smaller file, nothing changes at run time); the adder
    stays only when a label adds its spans."""
    if weights.get("adder") and not any(d.get("add") for d in weights["decision"].values()):
        weights.pop("adder")
    for fam, labels in weights["families"].items():
        decided = [weights["decision"][lab] for lab in labels if lab in weights["decision"]]
        if not any(d["boundary"] for d in decided):
            weights["start"].pop(fam, None)
            weights["end"].pop(fam, None)
        if not any(d["filter"] for d in decided):
            weights["keep"].pop(fam, None)


def build(cfg: dict[str, Any], out: Path, *, gold: Path, texts: Path, split_file: Path | None,
          log: Log = print, measure: bool = True) -> dict[str, Any]:
    """Measure by nested CV, decide on all documents, fit on all, write ``out`` (weights.json + meta.json,
    the meta in the registry's :class:`ModelMeta` form). Returns the meta."""
    from pipeline.atomic import write_text
    from pipeline.coding.codebook import codebook

    t0 = time.perf_counter()
    ccfg = {**cfg["corrector"], "labels": list(cfg["labels"])}
    docs = load_docs(gold, texts, split_file, ccfg["labels"], ccfg.get("split", "all"))
    if len(docs) < int(ccfg.get("folds", 5)):
        raise ConfigError(f"Training the span corrector needs at least {ccfg.get('folds', 5)} annotated documents.")
    log(f"{len(docs)} annotated verdicts ({sum(d.heldout for d in docs)} of the held-out split)")
    cv = cross_validate(docs, ccfg, log) if measure else None
    weights, table = train_corrector(docs, ccfg, log)
    takeover = sorted(weights["decision"])
    _strip_unused(weights)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if weights.get("adder"):
        from pipeline.atomic import write_bytes

        write_bytes(out / "adder.crfsuite", Path(weights["adder"]["file"]).read_bytes())
        weights["adder"]["file"] = "adder.crfsuite"
    write_text(out / "weights.json", json.dumps(weights, ensure_ascii=False, sort_keys=True) + "\n")
    metrics: dict[str, Any] = {"overall": {}, "per_label": {}, "per_field": {}}
    if cv is not None:
        model, rules = cv["model_all"], cv["rules_all"]
        metrics["overall"] = {"f1": model["micro"]["strict"]["f1"], "field_accuracy": model["field_accuracy"],
                              "field_accuracy_all": model["field_accuracy_all"],
                              "overlap_f1": model["micro"]["overlap"]["f1"]}
        metrics["per_label"] = {lab: {**m["strict"], "rules_f1": rules["per_label"][lab]["strict"]["f1"]}
                                for lab, m in model["per_label"].items()}
        metrics["per_field"] = {f: {**m, "rules": rules["fields"][f]["accuracy"]} for f, m in model["fields"].items()}
    ids = sorted(d.id for d in docs)
    comtext = bool((weights.get("adder") or {}).get("gazetteer"))
    meta = {
        "component": cfg.get("name", "ner-sr"),
        "version": 0,  # not registered yet: the registry gives the version
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "backend": "sklearn",
        "kind": KIND,
        "labels": list(ccfg["labels"]),
        "takeover": takeover,
        "metrics": metrics,
        "eval_set": _eval_set(docs, ccfg),
        "training_data": {"sources": [f"labelstudio:{gold} (split {ccfg.get('split', 'all')})"] + (
                              [f"conllu:{ccfg['adder']['gazetteer']['source']} (COMtext.SR, CC BY 4.0: PER-name gazetteer "
                               "of the adder, as word hashes)"] if comtext else []),
                          "sha256": hashlib.sha256(json.dumps(ids).encode()).hexdigest(), "documents": len(docs)},
        "codebook_version": codebook().version,
        "libraries": registry.library_versions(("scikit-learn", "numpy", "scipy")
                                               + (("python-crfsuite",) if weights.get("adder") else ())),
        "extra": {
            "decision": {"method": f"{ccfg.get('inner_folds', 4)}-fold CV by document on all training documents, "
                                   f"strict F1, margin {ccfg.get('margin', 0.01)}", "per_label": table},
            "cross_validation": cv,
            "config": ccfg,
            "seconds": round(time.perf_counter() - t0, 1),
            "attribution": ("entity spans trained on the me-annotated verdicts; the adder's name gazetteer is built "
                            "from COMtext.SR (ICEF-NLP, CC BY 4.0)") if comtext else
                           "trained on the me-annotated verdicts only; COMtext.SR is not used by this model",
        },
    }
    write_text(out / "meta.json", json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    load_corrector(out)  # must load before anyone registers it
    chosen = ", ".join(f"{lab} {table[lab]['chosen']}" for lab in takeover) or "rules everywhere"
    log(f"span corrector: {chosen} ({time.perf_counter() - t0:.0f} s)")
    return meta
