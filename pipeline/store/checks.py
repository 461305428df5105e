"""Whole-record checks: a sentence without a conviction, prison over the provision's maximum, a compensation
amount without a claim, and the like. Rules and messages are data (``resources/review_checks.yaml``); each
finding names the field it belongs beside, so the verdict view shows it there.

    warnings(record, lang="mk")  # [{"id", "path", "paths", "message"}, ...]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pipeline.coding.codebook import LANGUAGES
from pipeline.datafiles import load_yaml
from pipeline.nlp.normalize.provisions import normalize_article
from pipeline.store import paths

RULES = "review_checks.yaml"
Finding = tuple[str, list[str], dict[str, Any]]  # (path shown beside, every path involved, placeholders)


def _v(obj: Any, dotted: str) -> Any:
    node = obj
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node.get("value") if paths.is_field_value(node) else None


def _sentence_without_conviction(record: dict, rules: dict) -> Iterator[Finding]:
    needing = set(rules.get("sanctions_needing_conviction") or [])
    for di, d in enumerate(record.get("defendants") or []):
        sanction = _v(d, "sentence.type")
        if sanction not in needing:
            continue
        outcomes = [_v(c, "outcome") for c in d.get("charges") or []]
        if outcomes and "convicted" not in outcomes and all(o is not None for o in outcomes):
            yield (f"defendants[{di}].sentence.type",
                   [f"defendants[{di}].sentence.type"] + [f"defendants[{di}].charges[{ci}].outcome"
                                                          for ci in range(len(outcomes))], {})


def _maximum(rules: dict, provision: Any) -> int | None:
    if not isinstance(provision, dict) or not provision.get("article"):
        return None
    code = provision.get("code")
    table = (rules.get("prison_maxima") or {}).get(code) or {}
    article = table.get(normalize_article(str(provision["article"])))
    if article:
        paragraph = str(provision.get("paragraph") or "")
        return article.get(paragraph) or article.get("*")
    return (rules.get("general_prison_maximum") or {}).get(code)


def _provision_text(p: dict) -> str:
    text = f"{p.get('code') or ''} art. {p.get('article')}"
    return text + (f"({p['paragraph']})" if p.get("paragraph") else "")


def _prison_over_maximum(record: dict, rules: dict) -> Iterator[Finding]:
    for di, d in enumerate(record.get("defendants") or []):
        months = _v(d, "sentence.prison_months")
        if not isinstance(months, (int, float)) or isinstance(months, bool):
            continue
        limits = []
        for ci, c in enumerate(d.get("charges") or []):
            if _v(c, "outcome") not in (None, "convicted"):
                continue
            provision = _v(c, "provision")
            maximum = _maximum(rules, provision)
            if maximum is not None:
                limits.append((maximum, ci, provision))
        if not limits:
            continue
        # several convictions may add up: the check compares with the highest single maximum only when one
        # charge is convicted, and with the code's general maximum otherwise
        if len(limits) == 1:
            maximum, ci, provision = limits[0]
            label = _provision_text(provision)
        else:
            code = limits[0][2].get("code")
            maximum = (rules.get("general_prison_maximum") or {}).get(code) or max(m for m, _, _ in limits)
            ci, label = limits[0][1], f"{code} (general maximum)"
        if months > maximum:
            yield (f"defendants[{di}].sentence.prison_months",
                   [f"defendants[{di}].sentence.prison_months", f"defendants[{di}].charges[{ci}].provision"],
                   {"months": f"{months:g}", "maximum": maximum, "provision": label})


def _compensation_amount_without_claim(record: dict, rules: dict) -> Iterator[Finding]:
    for vi, v in enumerate(record.get("victims") or []):
        claimed = _v(v, "compensation.claimed")
        for name in ("compensation.amount", "compensation.awarded"):
            if _v(v, name) is not None and claimed is False:
                yield (f"victims[{vi}].{name}", [f"victims[{vi}].{name}", f"victims[{vi}].compensation.claimed"], {})
                break


def _probation_without_suspension(record: dict, rules: dict) -> Iterator[Finding]:
    for di, d in enumerate(record.get("defendants") or []):
        if _v(d, "sentence.probation_months") is None:
            continue
        if _v(d, "sentence.type") not in (None, "conditional") and _v(d, "sentence.suspended") is not True:
            yield (f"defendants[{di}].sentence.probation_months",
                   [f"defendants[{di}].sentence.probation_months", f"defendants[{di}].sentence.type"], {})


def _minor_with_adult_age(record: dict, rules: dict) -> Iterator[Finding]:
    for vi, v in enumerate(record.get("victims") or []):
        age = _v(v, "age")
        if _v(v, "minor") is True and isinstance(age, int) and age >= 18:
            yield (f"victims[{vi}].minor", [f"victims[{vi}].minor", f"victims[{vi}].age"], {"age": age})


KINDS: dict[str, Callable[[dict, dict], Iterator[Finding]]] = {
    "sentence_without_conviction": _sentence_without_conviction,
    "prison_over_maximum": _prison_over_maximum,
    "compensation_amount_without_claim": _compensation_amount_without_claim,
    "probation_without_suspension": _probation_without_suspension,
    "minor_with_adult_age": _minor_with_adult_age,
}


def _lang(lang: str) -> str:
    """An interface language of the codebook; "sr" reads Latin; anything unknown shows English."""
    if lang in LANGUAGES:
        return lang
    return {"sr": "sr-Latn", "cnr": "sr-Latn", "hr": "sr-Latn", "bs": "sr-Latn"}.get(lang.split("-")[0], "en")


def warnings(record: dict[str, Any], lang: str = "en") -> list[dict[str, Any]]:
    """Every finding of every rule on a record (record.json shape), messages in ``lang``."""
    rules = load_yaml(RULES, "review check file")
    out = []
    for rule in rules.get("rules") or []:
        kind = KINDS.get(rule.get("kind"))
        if kind is None:
            continue
        messages = rule.get("message") or {}
        for path, involved, values in kind(record, rules):
            template = messages.get(_lang(lang)) or messages.get("en") or rule["id"]
            out.append({"id": rule["id"], "path": path, "paths": involved, "message": template.format(**values)})
    return out
