"""Language and script of a verdict, and the Tesseract languages that follow from them.

Script comes from letter counts; language from lingua (restricted to the languages of the project) on a
sample of the text, refined by markers (``resources/language.yaml``) inside the Serbo-Croatian family,
where lingua cannot tell Serbian Latin from Croatian or Bosnian and does not know Montenegrin at all.
Everything is loaded once per process, lazily, so worker processes pay for it only when they need it.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass
from typing import Any

from pipeline.datafiles import load_yaml
from pipeline.ingest.raw import RawPage
from pipeline.languages import members

# UTF-8 lead bytes: U+0400..U+04FF (Cyrillic) start with D0..D3; U+00C0..U+024F (Latin-1 letters,
# Latin Extended-A/B: č ć š ž đ ë ç) with C3..C9. Counting bytes is ~6x faster than a regex over str.
_CYR_LEADS = (b"\xd0", b"\xd1", b"\xd2", b"\xd3")
_LATX_LEADS = tuple(bytes([b]) for b in range(0xC3, 0xCA))
_ASCII_LETTERS = set(string.ascii_letters.encode())
_NOT_ASCII_LETTER = bytes(b for b in range(256) if b not in _ASCII_LETTERS)

SERBO_CROATIAN = members("sr")  # resources/language_map.yaml


@functools.cache
def _resource(name: str) -> dict[str, Any]:
    return load_yaml(name, "language rules")


# --------------------------------------------------------------------------- script and OCR languages


def letter_counts(text: str) -> tuple[int, int]:
    """(Cyrillic letters, Latin letters) in ``text``."""
    data = text.encode("utf-8", "surrogatepass")
    cyr = sum(data.count(b) for b in _CYR_LEADS)
    lat = len(data.translate(None, _NOT_ASCII_LETTER)) + sum(data.count(b) for b in _LATX_LEADS)
    return cyr, lat


def script_of(text: str) -> str:
    """ "Cyrl" or "Latn" by majority of letters; "Zyyy" when the text has no letters."""
    cyr, lat = letter_counts(text)
    if cyr == 0 and lat == 0:
        return "Zyyy"
    return "Cyrl" if cyr > lat else "Latn"


def _normal_script(script: str | None) -> str:
    cfg = _resource("ocr_languages.yaml")
    if not script:
        return "Zyyy"
    script = cfg.get("script_aliases", {}).get(script, script)
    return script if script in cfg["by_script"] else "Zyyy"


def ocr_langs_for_script(script: str | None) -> str:
    """Tesseract languages for a page whose language is not known yet, e.g. "Cyrl" -> "srp+mkd"."""
    return _resource("ocr_languages.yaml")["by_script"][_normal_script(script)]


def ocr_langs_for_language(lang: str | None, script: str | None) -> str | None:
    """Narrowed Tesseract languages once the language is known, e.g. ("mk", "Cyrl") -> "mkd"."""
    table = _resource("ocr_languages.yaml")["by_language"].get(lang or "")
    if not table:
        return None
    return table.get(_normal_script(script)) or table.get("*")


# --------------------------------------------------------------------------- language


@dataclass(frozen=True)
class _Marker:
    name: str
    weights: dict[str, float]
    cap: int
    first: bool  # only the earliest hit among all `first` markers counts (the deciding court)


@dataclass(frozen=True)
class _Rules:
    lingua_map: dict[Any, str]  # lingua.Language -> code
    family: tuple[str, ...]
    sample_chars: int
    sample_windows: int
    min_letters: int
    marker_head_chars: int
    marker_sample_chars: int
    min_hits: int
    ratio: float
    markers: tuple[_Marker, ...]
    # one pass over the lowercased text: group "eka"/"ije" for the jat variants, "m<i>" for markers[i]
    scanner: re.Pattern[str]


@functools.cache
def _rules() -> _Rules:
    from lingua import Language

    cfg = _resource("language.yaml")
    var = cfg["variants"]
    markers = tuple(
        _Marker(
            m["name"],
            {k: float(v) for k, v in m["weights"].items()},
            int(m.get("cap", 5)),
            bool(m.get("first")),
        )
        for m in cfg["markers"]
    )
    groups = [
        ("eka", "|".join(f"(?:{p})" for p in var["ekavian"])),
        ("ije", "|".join(f"(?:{p})" for p in var["ijekavian"])),
        *((f"m{i}", m["pattern"]) for i, m in enumerate(cfg["markers"])),
    ]
    # every pattern starts at a word start: one check up front instead of a \b per alternative (2x faster)
    alternatives = "|".join(f"(?P<{name}>{pattern})" for name, pattern in groups)
    scanner = re.compile(rf"(?<!\w)(?=\w)(?:{alternatives})")
    return _Rules(
        lingua_map={getattr(Language, name): code for name, code in cfg["lingua_languages"].items()},
        family=tuple(cfg["family"]),
        sample_chars=int(cfg["sample_chars"]),
        sample_windows=int(cfg["sample_windows"]),
        min_letters=int(cfg["min_letters"]),
        marker_head_chars=int(cfg["marker_head_chars"]),
        marker_sample_chars=int(cfg["marker_sample_chars"]),
        min_hits=int(var["min_hits"]),
        ratio=float(var["ratio"]),
        markers=markers,
        scanner=scanner,
    )


@functools.cache
def _detector():
    """lingua detector over the project's languages; low-accuracy mode (trigrams only): the same labels
    on verdict-length samples, less memory and no model preloading (built once per process)."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*_rules().lingua_map).with_low_accuracy_mode().build()


def _sample(text: str, total: int, windows: int) -> str:
    """Up to ``total`` characters from ``windows`` places spread over the text, cut at spaces."""
    if len(text) <= total:
        return text
    size = total // windows
    parts = []
    for i in range(windows):
        centre = len(text) * (2 * i + 1) // (2 * windows)
        start = max(0, centre - size // 2)
        chunk = text[start : start + size]
        if start > 0 and " " in chunk:
            chunk = chunk[chunk.index(" ") + 1 :]
        if " " in chunk:
            chunk = chunk[: chunk.rindex(" ")]
        parts.append(chunk)
    return "\n".join(parts)


def _marker_region(text: str) -> str:
    r = _rules()
    if len(text) <= r.marker_head_chars + r.marker_sample_chars:
        return text
    head = text[: r.marker_head_chars]
    return head + "\n" + _sample(text[r.marker_head_chars :], r.marker_sample_chars, r.sample_windows)


def _hits(text: str) -> dict[str, int]:
    """Hits per scanner group in the marker region of ``text`` (patterns are written for lowercased text:
    Python's case-insensitive matching is ~3x slower)."""
    r = _rules()
    counts: dict[str, int] = {}
    first_seen = False
    for m in r.scanner.finditer(_marker_region(text).lower()):
        g = m.lastgroup
        if g[0] == "m" and r.markers[int(g[1:])].first:
            if first_seen:
                continue
            first_seen = True
        counts[g] = counts.get(g, 0) + 1
    return counts


def _variant(hits: dict[str, int]) -> str | None:
    r = _rules()
    eka, ije = hits.get("eka", 0), hits.get("ije", 0)
    if eka >= r.min_hits and eka > r.ratio * ije:
        return "ekavian"
    if ije >= r.min_hits and ije > r.ratio * eka:
        return "ijekavian"
    return None


def _scores(hits: dict[str, int]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for i, m in enumerate(_rules().markers):
        n = min(hits.get(f"m{i}", 0), m.cap)
        if n:
            for lang, w in m.weights.items():
                scores[lang] = scores.get(lang, 0.0) + w * n
    return scores


def variant_of(text: str) -> str | None:
    """ "ekavian", "ijekavian" or None (too few or mixed jat reflexes)."""
    return _variant(_hits(text))


def marker_scores(text: str) -> dict[str, float]:
    """Country/standard marker score per Serbo-Croatian language (see resources/language.yaml)."""
    return _scores(_hits(text))


def _family_member(text: str, lingua_choice: str, lingua_conf: dict[str, float]) -> tuple[str, float]:
    """Serbian, Croatian, Bosnian or Montenegrin; the float is the share of evidence for the choice."""
    hits = _hits(text)
    if _variant(hits) == "ekavian":
        return "sr", 0.95
    ranked = sorted(((s, lang) for lang, s in _scores(hits).items() if s > 0), reverse=True)
    if ranked:
        best, lang = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        if best > second:
            return lang, min(0.99, max(0.5, best / (best + second)))
    family_mass = sum(lingua_conf.get(k, 0.0) for k in _rules().family) or 1.0
    return lingua_choice, lingua_conf.get(lingua_choice, 0.0) / family_mass * 0.6


def detect_language(text: str) -> tuple[str | None, str, float]:
    """(language, script, confidence): language one of sr, mk, sq, hr, bs, cnr, en, or None when the text
    has too few letters; confidence 0..1."""
    r = _rules()
    cyr, lat = letter_counts(text)
    script = "Zyyy" if cyr == lat == 0 else ("Cyrl" if cyr > lat else "Latn")
    if cyr + lat < r.min_letters:
        return None, script, 0.0
    sample = _sample(text, r.sample_chars, r.sample_windows)
    values = _detector().compute_language_confidence_values(sample)
    conf = {r.lingua_map[v.language]: float(v.value) for v in values}
    top = max(conf, key=conf.__getitem__)
    if top not in SERBO_CROATIAN:
        return top, script, round(conf[top], 3)
    family_conf = sum(conf.get(k, 0.0) for k in r.family)
    if script == "Cyrl" and top != "sr":
        top = "sr"  # lingua's Bosnian/Croatian models are Latin-only; Cyrillic Serbo-Croatian is Serbian
    lang, share = _family_member(text, top, conf)
    return lang, script, round(family_conf * share, 3)


def page_language(text: str, document_language: str | None) -> tuple[str | None, str]:
    """(language, script) of one page of a document whose language is known. A page in the document's
    family (e.g. Serbo-Croatian) takes the document's language; a page in another language (an English
    annex, an Albanian translation) gets its own. Cheaper than :func:`detect_language` per page."""
    r = _rules()
    cyr, lat = letter_counts(text)
    script = "Zyyy" if cyr == lat == 0 else ("Cyrl" if cyr > lat else "Latn")
    if cyr + lat < r.min_letters:
        return None, script
    sample = _sample(text, int(_resource("language.yaml")["page_sample_chars"]), r.sample_windows)
    lang = _detector().detect_language_of(sample)
    top = r.lingua_map.get(lang) if lang is not None else None
    if top is None:
        return document_language, script
    if top == document_language or (top in SERBO_CROATIAN and document_language in SERBO_CROATIAN):
        return document_language, script
    if top in SERBO_CROATIAN:
        return detect_language(text)[0], script
    return top, script


def _narrowed(raw_page: RawPage) -> tuple[str | None, str | None]:
    if raw_page.method != "ocr":
        return None, None
    text = "\n".join(line.text for line in raw_page.lines)
    lang, script, _conf = detect_language(text)
    if lang is None or script == "Zyyy":
        return None, None
    cyr, lat = letter_counts(text)
    if cyr + lat < _resource("ocr_languages.yaml").get("min_letters_to_narrow", 200):
        return None, None
    return ocr_langs_for_language(lang, script), lang


def narrowed_ocr_langs(raw_page: RawPage) -> str | None:
    """Tesseract languages for the other pages of a document, from the OCR text of its first page;
    None when the page was not OCR'd or has too little text to tell."""
    return _narrowed(raw_page)[0]


def reread_first_page_langs(raw_page: RawPage) -> str | None:
    """The languages to OCR page 1 with again (``reread_first_page`` in ocr_languages.yaml: the script's
    set lost that language's letters on page 1); None when it is read well enough already."""
    lang = _narrowed(raw_page)[1]
    again = _resource("ocr_languages.yaml").get("reread_first_page", {}).get(lang) if lang else None
    return again if again and again != raw_page.ocr_langs else None


__all__ = [
    "SERBO_CROATIAN",
    "detect_language",
    "letter_counts",
    "marker_scores",
    "narrowed_ocr_langs",
    "reread_first_page_langs",
    "ocr_langs_for_language",
    "ocr_langs_for_script",
    "page_language",
    "script_of",
    "variant_of",
]
