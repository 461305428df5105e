"""Court-practice reports (``spoton report``): the statistical core of an *Analysis of Court Practice*,
bilingual (the local language, then English), from coded verdicts.

    inputs     records of a batch folder / JSONL export / the review database; confirmed or drafts; filters
    figures    every count and summary, with the verdicts behind each (the annex); FILE.figures.json
    texts      titles, notes, narrative templates (resources/report/<lang>.yaml) + codebook value labels
    charts     matplotlib PNGs, readable in black and white
    content    the report as blocks, built once for every format
    render_*   DOCX (python-docx), HTML (Jinja2, self-contained), PDF (fpdf2, DejaVu fonts)
    builder    build_report(...): ties them together
"""

from __future__ import annotations

from pipeline.report.builder import ReportResult, build_report, figures_path_for

__all__ = ["ReportResult", "build_report", "figures_path_for"]
