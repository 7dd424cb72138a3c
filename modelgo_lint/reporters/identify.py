"""Output of ``modelgo-lint identify``: one verdict per file, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from modelgo_lint.licenses.matcher import Identification, Verdict
from modelgo_lint.reporters._escape import plain, shown


@dataclass(frozen=True)
class Result:
    path: str
    identification: Identification | None
    error: str | None = None  # why it is unreadable, e.g. "is a directory, not a file"


def _text_line(result: Result) -> list[str]:
    path = plain(result.path)
    ident = result.identification
    if ident is None:
        return [f"{path}: unreadable: the file {plain(result.error or '')}"]
    revision = ident.revision
    if ident.verdict is Verdict.NOT_MODELGO or revision is None:
        named = f" (names {', '.join(ident.references)})" if ident.references else ""
        return [f"{path}: not-modelgo{named}"]
    head = f'{path}: {ident.verdict.value} {revision.id} "{revision.version_line}"'
    if ident.verdict is Verdict.MODIFIED:
        head += f", similarity {ident.similarity:.3f}"
        return [head] + [f"    {change.describe()}" for change in ident.changes]
    if ident.with_sheet:
        head += ", followed by its official Model Sheet"
    return [head]


def render_text(results: Sequence[Result]) -> str:
    return "".join(line + "\n" for result in results for line in _text_line(result))


def result_dict(result: Result) -> dict[str, Any]:
    ident = result.identification
    if ident is None:
        return {"path": shown(result.path), "verdict": None, "license": None, "version_line": None,
                "similarity": None, "changes": [], "error": shown(f"{result.path} {result.error}")}
    return {
        "path": shown(result.path),
        "verdict": ident.verdict.value,
        "license": ident.license,
        "version_line": ident.version_line,
        "similarity": round(ident.similarity, 4),
        "changes": [
            {"kind": c.kind, "section": c.section, "line": c.line, "end_line": c.end_line, "words": c.words}
            for c in ident.changes
        ],
    }


def render_json(results: Sequence[Result]) -> str:
    return json.dumps([result_dict(r) for r in results], indent=2, ensure_ascii=False) + "\n"


IDENTIFY_REPORTERS: dict[str, Callable[[Sequence[Result]], str]] = {
    "text": render_text,
    "json": render_json,
}
