"""Durations of sentences and measures → :class:`Duration`.

Shapes: "3 (tri) godine i 6 (šest) meseci", "3 (tri) godine i 6 (šest) mjeseci", "1 година и 6 месеци",
"1 (една) година и 6 (шест) месеци", "3 vjet e 4 muaj", "7 vjet burgim", "30 dana", "два месеца",
"dvije godine", "120 (sto dvadeset) časova", "godinu i po dana".

Choice: years and months are folded into whole ``months`` (a year is 12 months); days and hours are kept
apart, because a court that says "30 dana" does not mean one month. ``total_months`` gives one figure
(days / 30) where a single number is needed, e.g. for statistics.
"""

from __future__ import annotations

from dataclasses import dataclass

DurationSpan = tuple[int, int, "Duration"]


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time: whole months (years x 12 + months), days and hours kept separately."""

    months: int = 0
    days: int = 0
    hours: int = 0

    @property
    def total_months(self) -> float:
        """Months as one number: days count as 1/30 month, hours as 1/720."""
        return self.months + self.days / 30 + self.hours / 720


def find_durations(text: str) -> list[DurationSpan]:
    """Every duration in ``text`` as (start, end, Duration); adjacent parts ("3 godine i 6 meseci") join."""
    raise NotImplementedError


def parse_duration(text: str) -> Duration | None:
    """The duration written in a short text; None when it holds none."""
    found = find_durations(text)
    return found[0][2] if found else None
