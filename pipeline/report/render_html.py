"""The report as one self-contained HTML file (resources/report/report.html.j2): charts embedded, no
script and no outside request, so it can be mailed or archived as it is. With a database as input each
verdict of the annex links to its view in the review application.
"""

from __future__ import annotations

import base64
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from pipeline import __version__, atomic
from pipeline.report.content import DRAFT, SMALL, ReportContent


@cache
def _environment() -> jinja2.Environment:
    template = (resources.files("pipeline") / "resources" / "report" / "report.html.j2").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, trim_blocks=False, lstrip_blocks=False,
                             loader=jinja2.DictLoader({"report.html": template}), undefined=jinja2.StrictUndefined)
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    return env


def html(content: ReportContent, *, small_title: str, draft_title: str, open_title: str) -> str:
    return _environment().get_template("report.html").render(
        content=content, version=__version__, SMALL=SMALL, DRAFT=DRAFT,
        small_title=small_title, draft_title=draft_title, open_title=open_title)


def render(content: ReportContent, out: Path, *, small_title: str, draft_title: str, open_title: str) -> None:
    atomic.write_text(out, html(content, small_title=small_title, draft_title=draft_title, open_title=open_title))
