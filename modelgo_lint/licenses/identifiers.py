"""ModelGo license identifiers as users write them (``MG-BY-NC-2.0``, ``mg0-1.0``)."""

from __future__ import annotations

from collections.abc import Iterable

from modelgo_lint import lazyre

#: A versioned identifier-like word: known ones and wrong ones (``MG-NC-RAI-2.0``) alike, in any
#: case. ASCII letters only, spelled out: ``re.IGNORECASE`` would also take the Kelvin sign and the
#: long s for letters (and costs a millisecond of case folding to compile at every start-up).
IDENTIFIER = lazyre.compile(r"(?<![\w-])[Mm][Gg](?:0|-[A-Za-z]+(?:-[A-Za-z]+)*)-\d+\.\d+(?![\w.-]*\w)")
#: An identifier with or without its version, as a whole value (front matter, sheet).
_PARTS = lazyre.compile(r"^MG(?P<body>0|(?:-[A-Z]+)+?)(?:-(?P<version>\d+\.\d+))?$")


def find_identifiers(text: str) -> list[tuple[int, str]]:
    """(1-based line, upper-cased identifier) for every identifier named in ``text``."""
    return [
        (text.count("\n", 0, match.start()) + 1, match.group(0).upper())
        for match in IDENTIFIER.finditer(text)
    ]


def looks_like_modelgo(value: str) -> bool:
    return value.strip().upper().startswith("MG")


def _parts(identifier: str) -> tuple[frozenset[str], str | None] | None:
    match = _PARTS.match(identifier.strip().upper())
    if match is None:
        return None
    body = match.group("body")
    tokens = frozenset({"0"} if body == "0" else body.strip("-").split("-"))
    return tokens, match.group("version")


def suggest(identifier: str, known: Iterable[str]) -> str | None:
    """The known identifier the user most likely meant (``MG-NC-RAI-2.0`` -> ``MG-BY-NC-RAI-2.0``).

    Same version first (the newest when none or an unknown one is given); then the identifier
    whose parts contain all the given parts with the fewest extra ones; then spelling similarity.
    """
    known = sorted(known)
    wanted = identifier.strip().upper()
    parts = _parts(wanted)
    if parts is not None:
        tokens, version = parts
        versions = {p[1] for k in known if (p := _parts(k)) is not None and p[1] is not None}
        if version not in versions:
            version = max(versions, key=lambda v: tuple(int(x) for x in v.split(".")), default=None)
        same = [(k, p[0]) for k in known if (p := _parts(k)) is not None and p[1] == version]
        covering = [(len(ks - tokens), k) for k, ks in same if ks >= tokens]
        if covering:
            return min(covering)[1]
        scored = [(len(ks & tokens) - len(ks ^ tokens), k) for k, ks in same]
        if scored and max(scored)[0] > -len(tokens):
            return max(scored, key=lambda item: (item[0], -len(item[1])))[1]
    import difflib  # only for an unknown identifier: not on the clean path

    close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.6)
    return close[0] if close else None
