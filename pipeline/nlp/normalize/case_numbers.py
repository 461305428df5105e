"""Case numbers → :class:`CaseNumber` (court register, number, four-digit year, normalised string).

Shapes: "K 124/20", "K.br. 4/15", "K.br.101/15", "K.PO1 23/14", "Kž1 334/25", "К.бр. 83/12",
"КОК 60/14", "КОК бр. 60/14", "Kt.br.150/15" (prosecutor), "108/16-15", "Nr. 56440-00372-00-2021",
"Nr. 123 Akti". Registers and their kinds are in ``resources/lexicons/case_registers.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CaseNumber:
    """``register``: canonical register mark ("K", "Kž1", "K-S", "Kt", "КОК") or None; ``kind``:
    first_instance, appeal, prosecutor, organised_crime, investigation, other, None. ``normalised``:
    "K 124/2020", "Kž1 334/2025", "КОК 60/2014", "56440-00372-00-2021"; ``key``: the same in Latin script."""

    raw: str
    register: str | None
    number: str
    year: int | None
    normalised: str
    key: str
    kind: str | None = None
    suffix: str | None = None
    start: int = 0
    end: int = 0


def find_case_numbers(text: str) -> list[CaseNumber]:
    """Every case number in ``text`` that carries a register or "br."/"Nr." mark."""
    raise NotImplementedError


def parse_case_number(text: str) -> CaseNumber | None:
    """The case number in a short text; a bare "57/16" is accepted (register None); "K.br." alone is not."""
    raise NotImplementedError
