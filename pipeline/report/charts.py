"""Charts of the report as PNG bytes (matplotlib, no display): readable printed in black and white, so
series differ by hatching and marker, not by colour; titles and axis labels in both languages.

Each drawing function takes the figures and the texts and returns PNG bytes, or None when there is
nothing to draw (no sentence with a known statutory range, no dated verdict).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from pipeline.report.figures import UNKNOWN, Figures, decision_to_final, indictment_to_decision  # noqa: E402
from pipeline.report.texts import Bi, Texts  # noqa: E402

WIDTH_IN = 6.4
DPI = 150
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "ooo", "---", "+++")
GREYS = ("0.25", "0.55", "0.8", "1.0", "0.4", "0.7", "0.9", "0.15")

plt.rcParams.update({
    "font.family": "DejaVu Sans",  # Latin, Cyrillic and Albanian letters
    "font.size": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.linewidth": 0.6,
})


def _figure(height_in: float) -> tuple[Figure, plt.Axes]:
    """A figure with room above the axes for the two-line title."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, height_in), layout="constrained")
    fig.get_layout_engine().set(rect=(0, 0, 1, 1 - 0.5 / height_in))
    return fig, ax


def _title(fig: Figure, text: Bi) -> None:
    height = fig.get_figheight()
    top = 1 - 0.05 / height
    fig.text(0.01, top, text.primary, ha="left", va="top", fontsize=10.5, fontweight="bold")
    if text.secondary:
        fig.text(0.01, top - 0.2 / height, text.secondary, ha="left", va="top", fontsize=9, style="italic",
                 color="0.25")


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    plt.close(fig)
    return buffer.getvalue()


def _axis(texts: Texts, key: str) -> str:
    bi = texts(key)
    return bi.inline(" / ") if bi.primary else ""


def by_year(figures: Figures, texts: Texts) -> bytes | None:
    table = figures.tables["verdicts.by_year"]
    rows = [r for r in table.rows if r.key != UNKNOWN and r.count]
    if not rows:
        return None
    fig, ax = _figure(2.6)
    ax.bar([r.key for r in rows], [r.count for r in rows], color="0.45", edgecolor="black", linewidth=0.6)
    ax.set_xlabel(_axis(texts, "charts.chart.by_year.x"))
    ax.set_ylabel(_axis(texts, "charts.chart.by_year.y"))
    ax.tick_params(axis="x", labelrotation=45 if len(rows) > 10 else 0)
    _title(fig, texts("charts.chart.by_year.title"))
    return _png(fig)


def sentence_range(figures: Figures, texts: Texts) -> bytes | None:
    """Each prison sentence (a dot) against the statutory range of its offence (a hatched band)."""
    points = figures.sentence_points
    if not points:
        return None
    by_provision: dict[str, list] = {}
    for point in points:
        by_provision.setdefault(point.provision, []).append(point)
    provisions = sorted(by_provision, key=lambda p: -len(by_provision[p]))[:10]
    height = 1.3 + 0.42 * len(provisions)
    fig, ax = _figure(height)
    top = max(max(p.months for p in points), max((p.high or p.low * 2) for p in points))
    for y, provision in enumerate(provisions):
        group = by_provision[provision]
        low, high = group[0].low, group[0].high
        ax.barh(y, (high or top * 1.05) - low, left=low, height=0.6, color="white", edgecolor="black",
                hatch="///", linewidth=0.6, label=texts("charts.chart.sentence_range.band").inline()
                if y == 0 else None)
        jitter = [((i % 5) - 2) * 0.07 for i in range(len(group))]
        ax.scatter([p.months for p in group], [y + j for j in jitter], s=14, marker="o", facecolor="black",
                   edgecolor="white", linewidth=0.4, zorder=3,
                   label=texts("charts.chart.sentence_range.sentence").inline() if y == 0 else None)
    ax.set_yticks(range(len(provisions)), [f"{p} (n={len(by_provision[p])})" for p in provisions])
    ax.invert_yaxis()
    ax.set_xlabel(_axis(texts, "charts.chart.sentence_range.x"))
    ax.set_xlim(0, top * 1.08)
    ax.legend(loc="lower right", fontsize=7.5, frameon=True)
    _title(fig, texts("charts.chart.sentence_range.title"))
    return _png(fig)


def compensation(figures: Figures, texts: Texts) -> bytes | None:
    table = figures.tables["compensation.outcome"]
    rows = [r for r in table.rows if r.count]
    if not rows:
        return None
    height = 1.2 + 0.32 * len(rows)
    fig, ax = _figure(height)
    labels = [texts.value(table.field, r.kind, r.key).inline() for r in rows]
    for y, row in enumerate(rows):
        ax.barh(y, row.count, color=GREYS[y % len(GREYS)], edgecolor="black", hatch=HATCHES[y % len(HATCHES)],
                linewidth=0.6, height=0.65)
        ax.text(row.count, y, f" {row.count} ({texts.share(row.count, table.total)})", va="center", fontsize=7.5)
    ax.set_yticks(range(len(rows)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(r.count for r in rows) * 1.3)
    ax.set_xlabel(_axis(texts, "charts.chart.compensation.x"))
    _title(fig, texts("charts.chart.compensation.title"))
    return _png(fig)


def duration(figures: Figures, texts: Texts) -> bytes | None:
    first = [d for d in map(indictment_to_decision, figures.records) if d is not None]
    second = [d for d in map(decision_to_final, figures.records) if d is not None]
    if not first and not second:
        return None
    series = [(values, texts(f"charts.chart.duration.{key}").inline(), hatch, grey)
              for values, key, hatch, grey in ((first, "first", "", "0.5"), (second, "second", "///", "white"))
              if values]
    fig, ax = _figure(2.8)
    box = ax.boxplot([s[0] for s in series], vert=False, patch_artist=True, widths=0.5,
                     medianprops={"color": "black", "linewidth": 1.4},
                     flierprops={"marker": "o", "markersize": 2.5, "markerfacecolor": "black", "markeredgewidth": 0})
    for patch, (_values, _label, hatch, grey) in zip(box["boxes"], series, strict=True):
        patch.set_facecolor(grey)
        patch.set_hatch(hatch)
        patch.set_edgecolor("black")
    ax.set_yticks(range(1, len(series) + 1), [f"{label}\n(n={len(values)})" for values, label, _h, _g in series])
    ax.invert_yaxis()
    ax.set_xlabel(_axis(texts, "charts.chart.duration.x"))
    _title(fig, texts("charts.chart.duration.title"))
    return _png(fig)


CHARTS: dict[str, Callable[[Figures, Texts], bytes | None]] = {
    "by_year": by_year,
    "sentence_range": sentence_range,
    "compensation": compensation,
    "duration": duration,
}


def draw_all(figures: Figures, texts: Texts) -> dict[str, bytes]:
    """PNG bytes of every chart tables.yaml asks for (by its key), skipping those with nothing to draw."""
    out = {}
    for item in figures.items:
        if item.type == "chart":
            png = CHARTS[item.spec["chart"]](figures, texts)
            if png:
                out[item.key] = png
    return out
