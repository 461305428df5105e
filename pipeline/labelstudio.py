"""Read Label Studio exports (gold entity annotations) and the texts their offsets point into.

Label Studio counts a CRLF line break as one character, so the text the offsets address is the file
read without newline translation and with every "\\r\\n" replaced by "\\n". Files exported from Windows
tools often end lines with CR CR LF: after the replacement a lone "\\r" stays in front of each "\\n", and
that is what the offsets count (checked on the Montenegrin set: every gold span then starts and ends on
a word boundary). :func:`analysis_text` turns a remaining lone CR into a space, keeping every offset.

A task names its file as uploaded ("85207604-judgment_K_57_2016.txt"); Label Studio adds the
"xxxxxxxx-" prefix on upload, so the file on disk may carry it or not: both are tried.

The dev/held-out split is a seeded hash of the task id, so it does not depend on the order of the
export and a new export of the same tasks keeps every task on its side.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.errors import InputError

SPLIT_SEED = "spoton-me-annotated-2024"
Split = Literal["dev", "heldout", "all"]
_PREFIX = re.compile(r"^[0-9a-f]{8}-")


class GoldError(InputError):
    """The gold file or one of its texts cannot be used."""

    stage = "evaluate"
    error = "bad_gold"


@dataclass(frozen=True, slots=True)
class GoldSpan:
    label: str
    start: int
    end: int
    id: str | None = None


@dataclass(slots=True)
class GoldTask:
    id: int
    file_name: str  # as in data.text of the export
    spans: list[GoldSpan] = field(default_factory=list)
    relations: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (from_id, to_id, labels)

    @property
    def bare_name(self) -> str:
        """The file name without Label Studio's upload prefix."""
        return _PREFIX.sub("", self.file_name)


def load_tasks(path: Path) -> list[GoldTask]:
    """Parse a Label Studio JSON export: one task per document, spans of its first annotation."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise GoldError(f"The gold file {path} does not exist.") from e
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GoldError(f"The gold file {path.name} is not a Label Studio JSON export ({e}).") from e
    if not isinstance(raw, list):
        raise GoldError(f"The gold file {path.name} is not a Label Studio JSON export (expected a list of tasks).")
    tasks: list[GoldTask] = []
    for i, t in enumerate(raw):
        try:
            name = t["data"]["text"]
            task = GoldTask(id=int(t["id"]), file_name=str(name))
            anns = t.get("annotations") or []
            results = anns[0].get("result", []) if anns else []
            for r in results:
                if r.get("type") == "labels":
                    v = r["value"]
                    for label in v.get("labels", []):
                        task.spans.append(GoldSpan(label, int(v["start"]), int(v["end"]), r.get("id")))
                elif r.get("type") == "relation":
                    task.relations.append((r.get("from_id"), r.get("to_id"), list(r.get("labels", []))))
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise GoldError(f"Task number {i + 1} in {path.name} is not in Label Studio's format ({e!r}).") from e
        task.spans.sort(key=lambda s: (s.start, s.end, s.label))
        tasks.append(task)
    return tasks


def find_text_file(task: GoldTask, texts_dir: Path) -> Path:
    """The file of a task: its name as exported, or without the upload prefix, or with any prefix."""
    texts_dir = Path(texts_dir)
    for cand in (texts_dir / task.file_name, texts_dir / task.bare_name):
        if cand.is_file():
            return cand
    hits = sorted(texts_dir.glob(f"????????-{task.bare_name}"))
    if hits:
        return hits[0]
    raise GoldError(f"The text of task {task.id} ({task.file_name}) is not in {texts_dir}.")


def read_gold_text(path: Path) -> str:
    """The text as Label Studio addressed it: CRLF counts as one character."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            raw = fh.read()
    except UnicodeDecodeError as e:
        raise GoldError(f"{Path(path).name} is not UTF-8 text.") from e
    return raw.replace("\r\n", "\n")


def analysis_text(gold_text: str) -> str:
    """Same length as the gold text, with a leftover CR (from CR CR LF) turned into a space."""
    return gold_text.replace("\r", " ")


def task_text(task: GoldTask, texts_dir: Path) -> str:
    """Read a task's text and check that every gold span lies inside it."""
    path = find_text_file(task, texts_dir)
    text = read_gold_text(path)
    bad = [s for s in task.spans if not 0 <= s.start < s.end <= len(text)]
    if bad:
        raise GoldError(
            f"{path.name}: {len(bad)} annotation(s) point past the end of the text "
            f"(first: {bad[0].label} {bad[0].start}-{bad[0].end}, text has {len(text)} characters). "
            "Is this the file that was annotated?"
        )
    return text


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding whitespace: annotators often select a trailing space, which carries no meaning."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --------------------------------------------------------------------------- split


def split_key(task_id: int, seed: str = SPLIT_SEED) -> str:
    return hashlib.sha256(f"{seed}:{task_id}".encode()).hexdigest()


def make_split(tasks: list[GoldTask], heldout: int = 15, seed: str = SPLIT_SEED) -> dict:
    """Deterministic split: the ``heldout`` tasks with the smallest seeded hash are held out."""
    order = sorted(tasks, key=lambda t: split_key(t.id, seed))
    held = {t.id for t in order[:heldout]}

    def entry(t: GoldTask) -> dict:
        return {"id": t.id, "file": t.file_name}

    return {
        "corpus": "me-annotated",
        "method": f"sha256('{seed}:<task id>'), the {heldout} smallest are held out",
        "seed": seed,
        "dev": [entry(t) for t in sorted(tasks, key=lambda t: t.id) if t.id not in held],
        "heldout": [entry(t) for t in sorted(tasks, key=lambda t: t.id) if t.id in held],
    }


def load_split(path: Path) -> dict[str, set[int]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {k: {int(e["id"]) for e in data[k]} for k in ("dev", "heldout")}


def select(tasks: list[GoldTask], split: Split, split_file: Path | None) -> list[GoldTask]:
    """The tasks of one side of the split ("all": every task). Without a split file, the seeded rule."""
    if split == "all":
        return tasks
    if split_file is not None and Path(split_file).is_file():
        ids = load_split(split_file)[split]
    else:
        made = make_split(tasks)
        ids = {e["id"] for e in made[split]}
    return [t for t in tasks if t.id in ids]
