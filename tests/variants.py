"""Presentational variants and substantive edits of a license text, generated for the tests."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

Variant = Callable[[str], str]


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def _paragraphs(text: str) -> list[str]:
    return re.split(r"\n[ \t]*\n", _lf(text))


def rewrap(width: int) -> Variant:
    def apply(text: str) -> str:
        out = []
        for para in _paragraphs(text):
            if para.lstrip().startswith(("+", "|")):
                out.append(para)
            else:
                out.append(textwrap.fill(" ".join(para.split()), width))
        return "\n\n".join(out)
    return apply


def one_line_per_paragraph(text: str) -> str:
    return "\n\n".join(" ".join(p.split()) for p in _paragraphs(text))


def indent(prefix: str) -> Variant:
    return lambda text: "\n".join(prefix + line if line.strip() else line for line in _lf(text).split("\n"))


_HEADING = re.compile(r"^(\d+\.\d*\s+\S.*)$", re.MULTILINE)


def markdown(text: str) -> str:
    text = _lf(text)
    title, rest = text.split("\n", 1)
    rest = _HEADING.sub(lambda m: "## **" + " ".join(m.group(1).split()) + "**", rest)
    return f"# {title}\n\n{rest}"


def code_fenced(text: str) -> str:
    return "```text\n" + _lf(text) + "\n```\n"


def typographic_quotes(text: str) -> str:
    count = [0]

    def swap(_: re.Match[str]) -> str:
        count[0] += 1
        return "\u201c" if count[0] % 2 else "\u201d"

    return re.sub('"', swap, text).replace("'", "\u2019")


def unicode_hyphens(text: str) -> str:
    return text.replace("-", "\u2010").replace(" and/or ", " and\u2011or ")


def no_break_spaces(text: str) -> str:
    return text.replace(" the ", "\u00a0the\u00a0").replace(", ", ",\u2009")


def lower_caps_paragraphs(text: str) -> str:
    return "\n\n".join(p.lower() if p.isupper() else p for p in _paragraphs(text))


def list_markers(text: str) -> str:
    text = re.sub(r"^\(([a-z])\)", r"\1)", _lf(text), flags=re.MULTILINE)
    text = re.sub(r"^\(([ivx]+)\)", r"\1.", text, flags=re.MULTILINE)
    return re.sub(r"^(\d+)\.\t", r"\1) ", text, flags=re.MULTILINE)


def cr_only(text: str) -> str:
    return _lf(text).replace("\n", "\r")


def copyright_preamble(text: str) -> str:
    return "Copyright 2025 Example Lab. All rights reserved.\n\nLICENSE\n\n" + text


PRESENTATIONAL: dict[str, Variant] = {
    "lf": _lf,
    "cr": cr_only,
    "rewrap-40": rewrap(40),
    "rewrap-72": rewrap(72),
    "rewrap-120": rewrap(120),
    "one-line-per-paragraph": one_line_per_paragraph,
    "tab-indent": indent("\t"),
    "space-indent": indent("    "),
    "markdown-headings": markdown,
    "code-fence": code_fenced,
    "typographic-quotes": typographic_quotes,
    "unicode-hyphens": unicode_hyphens,
    "no-break-spaces": no_break_spaces,
    "caps-lowered": lower_caps_paragraphs,
    "list-markers": list_markers,
    "copyright-preamble": copyright_preamble,
    "everything": lambda t: copyright_preamble(markdown(typographic_quotes(rewrap(66)(unicode_hyphens(t))))),
}

ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "utf-16": lambda t: t.encode("utf-16"),
    "utf-16-le-no-bom": lambda t: t.encode("utf-16-le"),
}


def sub_once(pattern: str, replacement: str) -> Variant:
    def apply(text: str) -> str:
        new, count = re.subn(pattern, replacement, text, count=1)
        assert count == 1, f"pattern {pattern!r} not found"
        return new
    return apply


def cut_from(pattern: str) -> Variant:
    def apply(text: str) -> str:
        match = re.search(pattern, text, flags=re.MULTILINE)
        assert match, pattern
        return text[: match.start()]
    return apply


def delete_between(start: str, end: str) -> Variant:
    def apply(text: str) -> str:
        a = re.search(start, text, flags=re.MULTILINE)
        b = re.search(end, text, flags=re.MULTILINE)
        assert a and b
        return text[: a.start()] + text[b.start():]
    return apply
