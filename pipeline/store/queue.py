"""The queue: verdicts by status, country, court, year, trafficking relevance, assignee; searched by case
number, party names or initials and full text; sorted (lowest confidence first by default) and paginated in
the database, so 10,000 verdicts answer as fast as 10.

Active learning: ``sort="uncertainty"`` puts first the verdicts the trained field models are least sure
about, ``sort="disagreement"`` those where the rules' draft and the model differ most often: the corrections
that teach the next model most (:func:`learning_signals`, computed on import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, literal_column, or_, select, text, true
from sqlalchemy.orm import Session, aliased

from pipeline.store.records import iso
from pipeline.store.schema import DocumentRow, User

SORTS = {
    "confidence": DocumentRow.min_confidence,
    "year": DocumentRow.year,
    "date": DocumentRow.decision_date,
    "court": DocumentRow.court,
    "case_number": DocumentRow.case_number,
    "status": DocumentRow.status,
    "updated": DocumentRow.updated_at,
    "imported": DocumentRow.imported_at,
    "uncertainty": DocumentRow.model_uncertainty,
    "disagreement": DocumentRow.disagreements,
}
MAX_PER_PAGE = 200


@dataclass
class QueueQuery:
    status: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    court: str | None = None
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    trafficking: bool | None = None
    assignee: str | None = None  # a user name; "none" for unassigned
    q: str | None = None  # case number, party names/initials, or any words of the text
    sort: str = "confidence"
    order: str = "asc"
    page: int = 1
    per_page: int = 50


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(query: QueueQuery, countries: list[str] | None, confirmed_only: bool, sqlite: bool) -> list:
    conditions: list = []
    if countries is not None:
        conditions.append(DocumentRow.country.in_(countries))
    if confirmed_only:
        conditions.append(DocumentRow.status == "confirmed")
    if query.status:
        conditions.append(DocumentRow.status.in_(query.status))
    if query.country:
        conditions.append(DocumentRow.country.in_(query.country))
    if query.court:
        conditions.append(func.lower(DocumentRow.court).like(_like(query.court.casefold()), escape="\\"))
    if query.year is not None:
        conditions.append(DocumentRow.year == query.year)
    if query.year_from is not None:
        conditions.append(DocumentRow.year >= query.year_from)
    if query.year_to is not None:
        conditions.append(DocumentRow.year <= query.year_to)
    if query.trafficking is not None:
        conditions.append(DocumentRow.trafficking_related.is_(query.trafficking))
    if query.assignee == "none":
        conditions.append(DocumentRow.assignee_id.is_(None))
    elif query.assignee:
        conditions.append(DocumentRow.assignee_id.in_(select(User.id).where(User.name == query.assignee)))
    if query.q and query.q.strip():
        for i, word in enumerate(query.q.casefold().split()):
            conditions.append(_word(word, i, sqlite))
    return conditions


def _word(word: str, i: int, sqlite: bool):
    """One search word: in the case number or parties, or anywhere in the text. On SQLite a word of three
    characters or more is looked up in the trigram index (migration 0003)."""
    plain = word.replace("%", "").replace("_", "")
    if sqlite and len(plain) >= 3:
        pattern = f"%{plain}%"
        ids = text(f"SELECT rowid FROM document_search WHERE meta LIKE :w{i} UNION "
                   f"SELECT rowid FROM document_search WHERE body LIKE :w{i}").bindparams(**{f"w{i}": pattern})
        return literal_column("documents.rowid").in_(ids)
    pattern = _like(word)
    return or_(DocumentRow.parties.like(pattern, escape="\\"),
               DocumentRow.search_text.like(pattern, escape="\\"))


def search(session: Session, query: QueueQuery, *, countries: list[str] | None = None,
           confirmed_only: bool = False) -> dict[str, Any]:
    """One page of the queue: {"items", "total", "page", "per_page", "pages"}. ``countries`` limits to a
    user's countries (None: all); ``confirmed_only`` for researchers."""
    per_page = max(1, min(MAX_PER_PAGE, query.per_page))
    page = max(1, query.page)
    conditions = _conditions(query, countries, confirmed_only, session.get_bind().dialect.name == "sqlite")
    where = and_(*conditions) if conditions else true()
    # count(*) straight over the table's indexes (no subquery of ids: SQLite would read every row)
    total = session.execute(select(func.count()).select_from(DocumentRow).where(where)).scalar_one()
    column = SORTS.get(query.sort, DocumentRow.min_confidence)
    ordered = column.desc() if query.order == "desc" else column.asc()
    assignee = aliased(User)
    stmt = (
        select(DocumentRow.doc_id, DocumentRow.case_number, DocumentRow.court, DocumentRow.country,
               DocumentRow.year, DocumentRow.decision_date, DocumentRow.status, DocumentRow.min_confidence,
               DocumentRow.trafficking_related, DocumentRow.page_count, DocumentRow.language,
               DocumentRow.script, DocumentRow.source_format, DocumentRow.blind, DocumentRow.updated_at,
               assignee.name.label("assignee"))
        .outerjoin(assignee, assignee.id == DocumentRow.assignee_id)
        .where(where)
        # nulls last either way: a verdict with nothing left in draft goes after those with work left
        .order_by(column.is_(None), ordered, DocumentRow.doc_id)
        .limit(per_page).offset((page - 1) * per_page)
    )
    items = []
    for row in session.execute(stmt).mappings():
        item = dict(row)
        item["updated_at"] = iso(item["updated_at"])
        items.append(item)
    return {"items": items, "total": total, "page": page, "per_page": per_page,
            "pages": (total + per_page - 1) // per_page}


def learning_signals(record: dict[str, Any], text: str) -> tuple[float | None, int | None]:
    """(uncertainty, disagreements) of a pipeline draft under the active field models: 1 - the probability of
    the model's value for its most unsure victim, and the number of fields where the rules and the model
    drafted different values (the record's ``model_disagrees`` warnings). (None, None) when no field model
    is active or none had anything to read."""
    from pipeline.coding import field_models

    victims = [v for v in record.get("victims") or [] if isinstance(v, dict)]
    models = field_models.active_models() if victims else []
    if not models:
        return None, None
    sentences = [(s["start"], s["end"], s.get("section") or "") for s in record.get("sentences") or []
                 if isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int)]
    names = [(v.get("name") or {}).get("value") if isinstance(v.get("name"), dict) else None for v in victims]
    worst: float | None = None
    for model in models:
        predictions, contexts = field_models.predict_victims(model, text, sentences, names, record.get("language"))
        for (_value, probability), context in zip(predictions, contexts, strict=True):
            if context.spans:
                worst = max(worst or 0.0, round(1.0 - probability, 4))
    differ = sum(1 for w in record.get("warnings") or [] if isinstance(w, dict) and w.get("code") == field_models.DISAGREES)
    return worst, (differ if worst is not None or differ else None)
