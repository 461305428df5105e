"""The codebook as data: levels, fields, types, enums and labels in en / sr-Latn / sr-Cyrl / mk / sq.

``resources/codebook.yaml`` is the one source of truth for extraction, the review form, exports and
training; code reads it through :func:`codebook` and never lists fields itself. ``statutes.yaml`` (under
``resources/lexicons/``) says which code + article is trafficking-related.

    cb = codebook()
    cb.version                                  # "1.0.0"
    cb.fields("defendant")                      # [Field(path="defendant.name", ...), ...]
    cb.field("defendants[0].sentence.type")     # record paths work too
    cb.label("victim.compensation.outcome", "mk")
    cb.value_label("charge.outcome", "acquitted", "sr-Cyrl")
    cb.enum("defendant.sentence.type")          # ["prison", "fine", ...]
    cb.trafficking_offence("MK-KZ", "418-а")    # "trafficking"
    cb.validate(record_dict)                    # [Problem(path, code, message), ...]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from pipeline.datafiles import load_yaml
from pipeline.errors import ConfigError
from pipeline.model import RecordLike

LANGUAGES = ("en", "sr-Latn", "sr-Cyrl", "mk", "sq")
# language tags people and detectors use → the label language shown
_LANG_ALIASES = {
    "sr": "sr-Latn",
    "sr-latn": "sr-Latn",
    "sr-cyrl": "sr-Cyrl",
    "cnr": "sr-Latn",
    "hr": "sr-Latn",
    "bs": "sr-Latn",
    "me": "sr-Latn",
    "mk": "mk",
    "sq": "sq",
    "en": "en",
}
TYPES = ("text", "bool", "int", "number", "date", "enum", "list", "money", "provision", "records")
_FIELD_VALUE_KEYS = {"value", "confidence", "evidence", "source", "status"}
_STATUSES = {"draft", "confirmed", "corrected", "not_stated"}
# record.json containers → codebook levels
_CONTAINERS = {"case": "case", "defendants": "defendant", "charges": "charge", "victims": "victim"}


@dataclass(frozen=True)
class Field:
    """One codebook field. ``path`` is "<level>.<name>"; ``name`` may be dotted ("sentence.type")."""

    level: str
    name: str
    type: str
    labels: dict[str, str]
    description: str = ""
    enum: str | None = None  # name of the value set, for type enum or list of enum
    items: str | None = None  # item type of a list
    child_level: str | None = None  # for type records
    export: str = "plain"  # plain | pseudonymised
    derived: bool = False
    extractor: str | None = None  # the registered step that drafts it (pipeline.coding.extract.registry)

    @property
    def path(self) -> str:
        return f"{self.level}.{self.name}"


@dataclass(frozen=True)
class Problem:
    """A validation finding: where (record path), what kind, and a sentence a lawyer understands."""

    path: str
    code: str  # unknown_field | bad_enum | bad_type | bad_shape
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class _Statute:
    offence: str
    family: str
    name: str


@dataclass
class Codebook:
    """Typed access to ``codebook.yaml`` (use :func:`codebook`, which loads it once)."""

    version: str
    languages: tuple[str, ...]
    level_labels: dict[str, dict[str, str]]
    level_parent: dict[str, str | None]
    enums: dict[str, dict[str, dict[str, str]]]  # enum name → value → labels
    enum_labels: dict[str, dict[str, str]]
    _fields: dict[str, list[Field]]
    _by_path: dict[str, Field] = field(default_factory=dict)
    _statutes: dict[tuple[str, str], _Statute] = field(default_factory=dict)
    _code_aliases: dict[str, str] = field(default_factory=dict)
    _general: dict[str, dict[str, str]] = field(default_factory=dict)
    level_items: dict[str, str | None] = field(default_factory=dict)  # level → step listing its records

    # ------------------------------------------------------------------ fields and labels

    @property
    def levels(self) -> list[str]:
        return list(self._fields)

    def fields(self, level: str) -> list[Field]:
        """Fields of a level (case, defendant, charge, victim), in codebook order."""
        if level not in self._fields:
            raise KeyError(f"The codebook has no level {level!r} (levels: {', '.join(self._fields)}).")
        return list(self._fields[level])

    def all_fields(self) -> list[Field]:
        return [f for fs in self._fields.values() for f in fs]

    def field(self, path: str) -> Field:
        """A field by codebook path ("defendant.sentence.type") or record path
        ("defendants[0].sentence.type", "defendants[0].charges[1].outcome", "case.court")."""
        key = _codebook_path(path)
        try:
            return self._by_path[key]
        except KeyError:
            raise KeyError(f"The codebook has no field {path!r}.") from None

    def has_field(self, path: str) -> bool:
        return _codebook_path(path) in self._by_path

    def label(self, path: str, lang: str = "en") -> str:
        """Label of a field — or of a level ("victim") — in a language (en, sr-Latn, sr-Cyrl, mk, sq;
        "sr", "cnr", "hr", "bs" show sr-Latn)."""
        lang = _lang(lang)
        if path in self.level_labels:
            return self.level_labels[path][lang]
        return self.field(path).labels[lang]

    def enum(self, path: str) -> list[str]:
        """Allowed values of an enum field (or of the items of a list-of-enum field), or of a named value set."""
        name = path if path in self.enums else self.field(path).enum
        if name is None:
            raise KeyError(f"The field {path!r} has no list of allowed values.")
        return list(self.enums[name])

    def value_label(self, path: str, value: str, lang: str = "en") -> str:
        """Label of one allowed value ("charge.outcome", "acquitted", "mk" → "Ослободен од обвинение")."""
        name = path if path in self.enums else self.field(path).enum
        if name is None or value not in self.enums[name]:
            raise KeyError(f"{value!r} is not an allowed value of {path!r}.")
        return self.enums[name][value][_lang(lang)]

    def pseudonymised(self) -> list[Field]:
        """Fields exports replace by a pseudonym (victim names)."""
        return [f for f in self.all_fields() if f.export == "pseudonymised"]

    # ------------------------------------------------------------------ statutes

    def trafficking_offence(self, code: str | None, article: str, country: str | None = None) -> str | None:
        """Offence id when code + article is in the trafficking table, else None.

        ``code`` is a stable id ("MK-KZ", "AL-KP") or a short name as written ("KZ CG", "КЗ", "K.Penal");
        a code without a country ("KZ") needs ``country``. Articles are normalised ("418-а" = "418a",
        "110/a" = "110a")."""
        from pipeline.nlp.normalize.provisions import normalize_article

        cid = self._code_id(code, country)
        if cid is None:
            return None
        hit = self._statutes.get((cid, normalize_article(str(article))))
        return hit.offence if hit else None

    def offence_family(self, offence_id: str) -> str | None:
        """Family (trafficking, adoption, slavery, prostitution, smuggling) of an offence id."""
        for st in self._statutes.values():
            if st.offence == offence_id:
                return st.family
        return None

    def statute_provisions(self) -> list[dict[str, str]]:
        """Rows of the statutes table: code, article, offence, family, local name."""
        return [
            {"code": c, "article": a, "offence": s.offence, "family": s.family, "name": s.name}
            for (c, a), s in self._statutes.items()
        ]

    def general_part_role(self, code: str | None, article: str, country: str | None = None) -> str | None:
        """attempt / complicity / incitement / aiding / continued_offence for a general-part article."""
        from pipeline.nlp.normalize.provisions import normalize_article

        cid = self._code_id(code, country)
        return self._general.get(cid or "", {}).get(normalize_article(str(article)))

    def _code_id(self, code: str | None, country: str | None) -> str | None:
        if not code:
            return None
        if code in self._general or any(c == code for c, _ in self._statutes):
            return code
        squashed = re.sub(r"[\s.\-–]+", "", code).upper()
        if squashed in self._code_aliases:
            cid = self._code_aliases[squashed]
            if "-" in cid:
                return cid
            return f"{country}-{cid}" if country else None
        if country and squashed in ("KZ", "КЗ", "KP", "KPENAL"):
            return f"{country}-{'KP' if squashed.startswith('KP') else 'KZ'}"
        return None

    # ------------------------------------------------------------------ validation

    def validate(self, record: RecordLike) -> list[Problem]:
        """Problems of a record (record.json dict or ``Record``): unknown fields, values outside an enum,
        values of the wrong type. Fields may hold a FieldValue dict ({"value": ..., "confidence": ...})
        or a bare value. An empty list means the record fits the codebook."""
        if hasattr(record, "model_dump"):
            record = record.model_dump(by_alias=True)
        if not isinstance(record, dict):
            return [Problem("", "bad_shape", "The record is not a JSON object.")]
        problems: list[Problem] = []
        case = record.get("case")
        if case is not None:
            self._walk("case", "", case, "case", problems)
        for container in ("defendants", "victims"):
            items = record.get(container)
            if items is None:
                continue
            if not isinstance(items, list):
                problems.append(Problem(container, "bad_shape", f"{container} must be a list."))
                continue
            for i, item in enumerate(items):
                self._walk(_CONTAINERS[container], "", item, f"{container}[{i}]", problems)
        return problems

    def _walk(self, level: str, prefix: str, obj: Any, rpath: str, problems: list[Problem]) -> None:
        if not isinstance(obj, dict):
            problems.append(Problem(rpath, "bad_shape", "Expected an object with fields."))
            return
        for name, val in obj.items():
            fname = f"{prefix}{name}"
            here = f"{rpath}.{name}"
            fld = self._by_path.get(f"{level}.{fname}")
            if fld is not None:
                self._check_field(fld, val, here, problems)
            elif isinstance(val, dict) and any(p.startswith(f"{level}.{fname}.") for p in self._by_path):
                self._walk(level, f"{fname}.", val, here, problems)
            else:
                problems.append(Problem(here, "unknown_field", f"The codebook has no field {level}.{fname}."))

    def _check_field(self, fld: Field, val: Any, here: str, problems: list[Problem]) -> None:
        if fld.type == "records":
            if val is None:
                return
            if not isinstance(val, list):
                problems.append(
                    Problem(here, "bad_type", f"{fld.path} must be a list of {fld.child_level} records.")
                )
                return
            for i, item in enumerate(val):
                self._walk(fld.child_level or "", "", item, f"{here}[{i}]", problems)
            return
        value = val
        if isinstance(val, dict) and "value" in val and set(val) <= _FIELD_VALUE_KEYS:
            value = val.get("value")
            status = val.get("status", "draft")
            if status not in _STATUSES:
                problems.append(
                    Problem(here, "bad_type", f"Status {status!r} is not one of {sorted(_STATUSES)}.")
                )
            conf = val.get("confidence", 0.0)
            if not isinstance(conf, (int, float)) or isinstance(conf, bool) or not 0.0 <= conf <= 1.0:
                problems.append(Problem(here, "bad_type", "Confidence must be a number from 0 to 1."))
        if value is None:
            return
        if fld.type == "list":
            if not isinstance(value, list):
                problems.append(Problem(here, "bad_type", f"{fld.path} must be a list."))
                return
            for i, item in enumerate(value):
                msg = self._type_problem(fld.items or "text", fld.enum, item)
                if msg:
                    problems.append(Problem(f"{here}[{i}]", msg[0], msg[1]))
            return
        msg = self._type_problem(fld.type, fld.enum, value)
        if msg:
            problems.append(Problem(here, msg[0], msg[1]))

    def _type_problem(self, typ: str, enum: str | None, value: Any) -> tuple[str, str] | None:
        """(code, message) when ``value`` is not of type ``typ``; None when it is."""
        ok = True
        if typ == "text":
            ok = isinstance(value, str)
        elif typ == "bool":
            ok = isinstance(value, bool)
        elif typ == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif typ == "number":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif typ == "date":
            ok = isinstance(value, dt.date) or (isinstance(value, str) and _iso_date(value))
        elif typ == "enum":
            allowed = self.enums.get(enum or "", {})
            if not isinstance(value, str) or value not in allowed:
                return "bad_enum", f"{value!r} is not an allowed value ({', '.join(allowed)})."
        elif typ == "money":
            return self._money_problem(value)
        elif typ == "provision":
            ok = (
                isinstance(value, dict)
                and isinstance(value.get("article"), str)
                and bool(value.get("article"))
                and set(value) <= {"code", "article", "paragraph", "item", "law"}
                and all(v is None or isinstance(v, str) for v in value.values())
            )
            if not ok:
                return (
                    "bad_type",
                    "A provision is {code, article, paragraph, item} with text values and an article.",
                )
        if not ok:
            return "bad_type", f"{value!r} is not of type {typ} ({_TYPE_WORDS.get(typ, typ)})."
        return None

    def _money_problem(self, value: Any) -> tuple[str, str] | None:
        if not isinstance(value, dict) or set(value) - {"amount", "currency"} or "amount" not in value:
            return "bad_type", "An amount of money is {amount, currency}."
        amount = value.get("amount")
        try:
            if isinstance(amount, bool) or not isinstance(amount, (str, int, float, Decimal)):
                raise InvalidOperation
            Decimal(str(amount))
        except InvalidOperation:
            return "bad_type", f"Amount {amount!r} is not a number."
        cur = value.get("currency")
        if cur is not None and cur not in self.enums.get("currency", {}):
            return "bad_enum", f"Currency {cur!r} is not one of {', '.join(self.enums.get('currency', {}))}."
        return None


_TYPE_WORDS = {
    "text": "text",
    "bool": "true or false",
    "int": "a whole number",
    "number": "a number",
    "date": "a date written YYYY-MM-DD",
}


def _iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text))


def _lang(lang: str) -> str:
    if lang in LANGUAGES:
        return lang
    tag = _LANG_ALIASES.get(lang.lower()) or _LANG_ALIASES.get(lang.split("-")[0].lower())
    return tag or "en"


def _codebook_path(path: str) -> str:
    """Record path → codebook path: "defendants[0].charges[1].outcome" → "charge.outcome"."""
    parts = re.sub(r"\[\d*\]", "", path).split(".")
    level = None
    rest_start = 0
    for i, part in enumerate(parts):
        # a container name is a level only with a field after it ("defendant.charges" is a field)
        if (part in _CONTAINERS or part in ("defendant", "charge", "victim")) and i < len(parts) - 1:
            level = _CONTAINERS.get(part, part)
            rest_start = i + 1
        else:
            break
    if level is None:
        return path
    return ".".join([level] + parts[rest_start:])


def load_codebook(data: dict[str, Any], statutes: dict[str, Any] | None = None) -> Codebook:
    """Build a :class:`Codebook` from parsed YAML, checking it: unknown types, enums without labels,
    missing languages are configuration errors (the file is edited by people)."""
    langs = tuple(data.get("languages") or LANGUAGES)
    problems: list[str] = []

    def labels_of(where: str, lab: Any) -> dict[str, str]:
        if not isinstance(lab, dict):
            problems.append(f"{where}: no labels")
            return {}
        missing = [lg for lg in langs if not str(lab.get(lg) or "").strip()]
        if missing:
            problems.append(f"{where}: no label in {', '.join(missing)}")
        return {str(k): str(v) for k, v in lab.items()}

    enums: dict[str, dict[str, dict[str, str]]] = {}
    enum_labels: dict[str, dict[str, str]] = {}
    for ename, entry in (data.get("enums") or {}).items():
        enum_labels[ename] = labels_of(f"enum {ename}", entry.get("label"))
        enums[ename] = {
            str(v): labels_of(f"enum {ename} value {v}", lab) for v, lab in entry["values"].items()
        }
    level_labels: dict[str, dict[str, str]] = {}
    level_parent: dict[str, str | None] = {}
    level_items: dict[str, str | None] = {}
    for lname, entry in (data.get("levels") or {}).items():
        level_labels[lname] = labels_of(f"level {lname}", entry.get("label"))
        level_parent[lname] = entry.get("parent")
        level_items[lname] = entry.get("items")
    fields: dict[str, list[Field]] = {}
    by_path: dict[str, Field] = {}
    for lname, entries in (data.get("fields") or {}).items():
        if lname not in level_labels:
            problems.append(f"fields of unknown level {lname}")
        fields[lname] = []
        for e in entries:
            f = Field(
                level=lname,
                name=str(e["name"]),
                type=str(e["type"]),
                labels=labels_of(f"field {lname}.{e['name']}", e.get("label")),
                description=str(e.get("description") or ""),
                enum=e.get("enum"),
                items=e.get("items"),
                child_level=e.get("level"),
                export=str(e.get("export") or "plain"),
                derived=bool(e.get("derived")),
                extractor=e.get("extractor"),
            )
            if f.type not in TYPES:
                problems.append(f"field {f.path}: unknown type {f.type}")
            if (f.type == "enum" or f.items == "enum") and f.enum not in enums:
                problems.append(f"field {f.path}: unknown value set {f.enum}")
            if f.type == "records" and f.child_level not in level_labels:
                problems.append(f"field {f.path}: unknown level {f.child_level}")
            if f.extractor is not None and not isinstance(f.extractor, str):
                problems.append(f"field {f.path}: extractor must be a step name (\"case.judges\")")
            if f.path in by_path:
                problems.append(f"field {f.path} defined twice")
            fields[lname].append(f)
            by_path[f.path] = f
    cb = Codebook(
        version=str(data.get("version")),
        languages=langs,
        level_labels=level_labels,
        level_parent=level_parent,
        enums=enums,
        enum_labels=enum_labels,
        _fields=fields,
        _by_path=by_path,
        level_items=level_items,
    )
    if statutes:
        _load_statutes(cb, statutes, problems)
    if problems:
        raise ConfigError("The codebook has errors: " + "; ".join(problems))
    return cb


def _load_statutes(cb: Codebook, statutes: dict[str, Any], problems: list[str]) -> None:
    from pipeline.nlp.normalize.provisions import normalize_article

    offences, families = cb.enums.get("offence", {}), cb.enums.get("offence_family", {})
    for entry in statutes.get("offences") or []:
        oid, fam = str(entry["id"]), str(entry["family"])
        if oid not in offences:
            problems.append(f"statutes: offence {oid} is not a value of enum offence")
        if fam not in families:
            problems.append(f"statutes: family {fam} is not a value of enum offence_family")
        for p in entry.get("provisions") or []:
            cb._statutes[(str(p["code"]), normalize_article(str(p["article"])))] = _Statute(
                oid, fam, str(p["name"])
            )
    cb._general = {
        str(code): {normalize_article(str(a)): str(r) for a, r in roles.items()}
        for code, roles in (statutes.get("general_part") or {}).items()
    }
    for cid, names in (statutes.get("code_names") or {}).items():
        short = re.sub(r"[\s.\-–]+", "", str(names.get("short") or "")).upper()
        if short and short not in cb._code_aliases:
            cb._code_aliases[short] = str(cid)
        cb._code_aliases[re.sub(r"[\s.\-–]+", "", str(cid)).upper()] = str(cid)
    # short names used by several countries ("KZ") stay country-less
    for alias in ("KZ", "КЗ", "KP", "ZKP", "ЗКП", "KPP"):
        cb._code_aliases[alias] = {"КЗ": "KZ", "ЗКП": "ZKP"}.get(alias, alias)
    cb._code_aliases["KPENAL"] = "KP"


@cache
def codebook() -> Codebook:
    """The codebook (``resources/codebook.yaml`` + ``resources/lexicons/statutes.yaml``), loaded once."""
    data = load_yaml("codebook.yaml", "codebook file")
    statutes = load_yaml(str(data.get("statutes") or "lexicons/statutes.yaml"), "codebook file")
    return load_codebook(data, statutes)


def validate(record: RecordLike) -> list[Problem]:
    """Shortcut for ``codebook().validate(record)``."""
    return codebook().validate(record)
