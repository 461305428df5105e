"""Court names in any grammatical case → :class:`Court` (nominative name, level, country).

Shapes: "Viši sud u Beogradu", "VIŠEG SUDA U BEOGRADU", "Osnovnim sudom u Podgorici", "Основни суд у Новом
Саду", "Основен кривичен суд Скопје", "Апелационен суд Скопје", "Gjykata e Shkallës së Parë për Krime të
Rënda Tiranë", "Gjykata e Apelit", "Vrhovni sud Crne Gore". Courts and level words are in
``resources/lexicons/courts.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Court:
    """``name``: nominative, in the script of the text ("Viši sud u Beogradu"); ``level``: basic, higher,
    appellate, supreme, special; ``country``: RS, ME, MK, AL, XK, BA or None; ``city`` as in the name."""

    name: str
    level: str | None
    country: str | None
    city: str | None = None
    raw: str = ""
    start: int = 0
    end: int = 0


def find_courts(text: str) -> list[Court]:
    """Every court named in ``text``, with spans."""
    raise NotImplementedError


def normalize_court(text: str) -> Court | None:
    """The court named in a short text, in the nominative; None when no court is named."""
    raise NotImplementedError
