"""License integrity: the verdict for one license text (design §2).

Pure: takes text and the registry, returns an :class:`Identification`. The exact path is a hash
lookup of the normalized text from its title on; block alignment (similarity) runs only when that
lookup fails.
"""

from __future__ import annotations

import enum
import functools
import re
from collections import Counter
from collections.abc import Sequence

from modelgo_lint import lazyre
from modelgo_lint.digest import sha256
from modelgo_lint.licenses.identifiers import find_identifiers
from modelgo_lint.licenses.registry import Registry, Revision
from modelgo_lint.records import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from modelgo_lint.licenses import normalize
else:
    class _Normalize:
        """:mod:`modelgo_lint.licenses.normalize`, imported when first used: a published text
        identified by its digest needs none of it (issue 14)."""

        def __getattr__(self, name: str) -> object:
            from modelgo_lint.licenses import normalize as module

            globals()["normalize"] = module  # the next use finds the module itself
            return getattr(module, name)

    normalize = _Normalize()

#: Below this share of matching words a text without a ModelGo title is not a ModelGo text.
MIN_SIMILARITY = 0.3
#: A text with a ModelGo title is a (modified) ModelGo text when its body holds at least this
#: share of the closest revision's words; shorter, it only names the license.
MIN_BODY_SHARE = 0.25
#: A text this short that names a ModelGo license is a reference, not a copy.
REFERENCE_MAX_WORDS = 400
_CANDIDATES = 6

_ALLOWED_PREAMBLE = lazyre.compile(
    r"^[\W_]*(?:copyright\b|©|\(c\)|attribution\b|spdx-|all rights reserved)|all rights reserved",
    re.IGNORECASE,
)
_BARE_HEADING = {("license",), ("licence",), ("license", "agreement"), ("model", "license"),
                 ("licenses",), ("terms",), ("license", "terms"), ("model", "licence")}


class Verdict(str, enum.Enum):
    CANONICAL = "canonical"
    OUTDATED = "outdated"
    MODIFIED = "modified"
    NOT_MODELGO = "not-modelgo"


class Change(Record):
    """A paragraph of the user's file that differs from the closest published revision."""

    kind: str  # "changed", "added" or "removed"
    section: str
    line: int
    end_line: int
    words: int
    #: the closest revision's blocks this paragraph stands for (index range; empty for "added")
    official: tuple[int, int] = (0, 0)

    def describe(self) -> str:
        where = f"line {self.line}" if self.line == self.end_line else f"lines {self.line}-{self.end_line}"
        if self.kind == "removed":
            return f"{self.section}: removed ({self.words} words missing at {where})"
        return f"{self.section}: {self.kind} ({where})"


class Identification(Record):
    verdict: Verdict
    revision: Revision | None = None  # the matched or closest revision
    similarity: float = 0.0
    changes: tuple[Change, ...] = ()
    preamble: tuple[int, int] | None = None  # allowed lines before the title
    title_line: int = 0
    with_sheet: bool = False  # the official Model Sheet follows the text
    references: tuple[str, ...] = ()  # identifiers named by a non-ModelGo text
    mentions_modelgo: bool = False
    words: int = 0
    #: letters of another script that pass for Latin ones, in a modified text: "line N: U+... NAME in 'word'"
    lookalikes: tuple[str, ...] = ()

    @property
    def license(self) -> str | None:
        return None if self.verdict is Verdict.NOT_MODELGO or self.revision is None else self.revision.id

    @property
    def version_line(self) -> str | None:
        return None if self.license is None or self.revision is None else self.revision.version_line

    @property
    def is_reference(self) -> bool:
        return (
            self.verdict is Verdict.NOT_MODELGO
            and (bool(self.references) or self.mentions_modelgo)
            and self.words <= REFERENCE_MAX_WORDS
        )


def _join(line_tokens: Sequence[list[str]], start: int) -> list[str]:
    return [token for tokens in line_tokens[start:] for token in tokens]


def _find_title(line_tokens: Sequence[list[str]], registry: Registry) -> int | None:
    """The first line that starts a known title (which may wrap onto the next lines)."""
    flat = _join(line_tokens, 0)
    offset = 0
    for index, tokens in enumerate(line_tokens):
        if tokens:
            for title in registry.titles:
                if tuple(flat[offset: offset + len(title)]) == title:
                    return index
        offset += len(tokens)
    return None


def _preamble_allowed(line: str, tokens: list[str]) -> bool:
    return bool(_ALLOWED_PREAMBLE.search(line)) or tuple(tokens) in _BARE_HEADING


def _sheet_headings(license_id: str) -> list[list[str]]:
    """Token sequences that may head an appended Model Sheet: 'Annex A', 'Model Sheet MG-BY-2.0'."""
    out = []
    for annex in ([], ["annex", "a"], ["attachment", "a"], ["appendix", "a"]):
        for sheet in ([], ["model", "sheet"]):
            for ident in ([], normalize.tokenize(license_id)):
                out.append(annex + sheet + ident)
    return sorted(out, key=len, reverse=True)


def _match_with_sheet(body: list[str], registry: Registry) -> Revision | None:
    """The revision when ``body`` is a published text followed by its official Model Sheet."""
    for revision in registry.revisions:
        tails = registry.sheet_tails.get(revision.id)
        if not tails or revision.words >= len(body):
            continue
        if any(b.label.startswith(("Annex", "Attachment")) for b in revision.blocks):
            continue  # the text carries its own sheet already
        if normalize.text_hash(body[: revision.words]) != revision.sha256:
            continue
        tail = body[revision.words:]
        for heading in _sheet_headings(revision.id):
            if tail[: len(heading)] == heading and normalize.text_hash(tail[len(heading):]) in tails:
                return revision
    return None


def _references(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(identifier for _, identifier in find_identifiers(text)))


def _span_label(labels: Sequence[str]) -> str:
    unique = list(dict.fromkeys(labels))
    return unique[0] if len(unique) == 1 else f"{unique[0]} to {unique[-1]}"


def _align(blocks: Sequence[normalize.Block], revision: Revision) -> tuple[int, list[Change]]:
    """Matched words and the changes, aligning the user's blocks to the revision's blocks."""
    user = [block.fingerprint for block in blocks]
    official = [block.fingerprint for block in revision.blocks]
    from difflib import SequenceMatcher  # only for a modified text: not on the clean path

    matcher = SequenceMatcher(None, user, official, autojunk=False)
    matched = 0
    changes: list[Change] = []
    last_line = blocks[-1].end_line if blocks else 1
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            matched += sum(block.words for block in revision.blocks[j1:j2])
            continue
        if tag == "replace":  # pair blocks up; what is left over is added or removed
            pairs = min(i2 - i1, j2 - j1)
            section = _span_label([b.label for b in revision.blocks[j1:j1 + pairs]])
            words = sum(len(b.tokens) for b in blocks[i1:i1 + pairs])
            end = blocks[i1 + pairs - 1].end_line
            changes.append(Change("changed", section, blocks[i1].start_line, end, words, (j1, j1 + pairs)))
            i1, j1 = i1 + pairs, j1 + pairs
        if i1 < i2:  # user blocks with no counterpart: added text
            after = revision.blocks[j1 - 1].label if j1 > 0 else None
            section = f"after {after}" if after else "before the title"
            words = sum(len(b.tokens) for b in blocks[i1:i2])
            changes.append(Change("added", section, blocks[i1].start_line, blocks[i2 - 1].end_line, words))
        if j1 < j2:  # official blocks missing from the user's file
            section = _span_label([b.label for b in revision.blocks[j1:j2]])
            line = blocks[i1].start_line if i1 < len(blocks) else last_line
            words = sum(b.words for b in revision.blocks[j1:j2])
            changes.append(Change("removed", section, line, line, words, (j1, j2)))
    return matched, changes


def _closest(blocks: Sequence[normalize.Block], registry: Registry
             ) -> tuple[Revision | None, float, list[Change]]:
    user_words = sum(len(block.tokens) for block in blocks)
    have = Counter(block.fingerprint for block in blocks)

    def bound(revision: Revision) -> tuple[int, bool, str]:  # matched words can only be lower
        budget = have.copy()
        shared = 0
        for block in revision.blocks:
            if budget[block.fingerprint] > 0:
                budget[block.fingerprint] -= 1
                shared += block.words
        return shared, revision.canonical, revision.first_seen

    ranked = sorted(registry.revisions, key=bound, reverse=True)[:_CANDIDATES]
    best: tuple[int, float, bool, str] | None = None
    result: tuple[Revision | None, float, list[Change]] = (None, 0.0, [])
    for revision in ranked:
        matched, changes = _align(blocks, revision)
        similarity = 2 * matched / (user_words + revision.words) if user_words + revision.words else 0.0
        # most words shared verbatim first: a truncated text is closest to the text it was cut from
        key = (matched, similarity, revision.canonical, revision.first_seen)
        if best is None or key > best:
            best = key
            result = (revision, similarity, changes)
    return result


def _exact_from_start(text: str, registry: Registry) -> Identification | None:
    """The common case in one pass: the file starts with its title and is a published text."""
    tokens = normalize.tokenize(text)
    if not any(tuple(tokens[: len(title)]) == title for title in registry.titles):
        return None
    revision = registry.by_hash.get(normalize.text_hash(tokens))
    if revision is None:
        return None
    lines = normalize.split_lines(text)
    first_line = next((i for i, line in enumerate(lines) if line.strip("\ufeff \t#*`")), 0)
    return Identification(_exact_verdict(revision), revision, 1.0, (), None, first_line + 1,
                          words=len(tokens))


def _exact_verdict(revision: Revision) -> Verdict:
    return Verdict.CANONICAL if revision.canonical else Verdict.OUTDATED


def identify(text: str, registry: Registry) -> Identification:
    """The verdict for one license text."""
    if registry.exact_texts:  # a published text as it was published: its digest says which
        exact = registry.exact_texts.get(sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
        if exact is not None:
            return Identification(_exact_verdict(exact[0]), exact[0], 1.0, (), None, exact[1],
                                  words=exact[0].words)
    fast = _exact_from_start(text, registry)
    if fast is not None:
        return fast
    lines = normalize.split_lines(text)
    line_tokens = [normalize.tokenize(line) for line in lines]
    total_words = sum(len(tokens) for tokens in line_tokens)
    title = _find_title(line_tokens, registry)
    pre_lines = [i for i in range(title or 0) if line_tokens[i]]
    bad_pre = [i for i in pre_lines if not _preamble_allowed(lines[i], line_tokens[i])]
    preamble = (pre_lines[0] + 1, pre_lines[-1] + 1) if pre_lines and not bad_pre else None

    if title is not None:
        body = _join(line_tokens, title)
        revision = registry.by_hash.get(normalize.text_hash(body))
        with_sheet = False
        if revision is None:
            revision = _match_with_sheet(body, registry)
            with_sheet = revision is not None
        if revision is not None:
            if not bad_pre:
                return Identification(_exact_verdict(revision), revision, 1.0, (), preamble, title + 1,
                                      with_sheet, words=total_words)
            added = [Change("added", "before the title", i + 1, i + 1, len(line_tokens[i])) for i in bad_pre]
            similarity = 2 * revision.words / (total_words + revision.words)
            return Identification(Verdict.MODIFIED, revision, similarity, tuple(added), None, title + 1,
                                  with_sheet, words=total_words)

    start = title if title is not None and not bad_pre else 0
    blocks = normalize.segment(lines[start:], line_tokens[start:])
    blocks = [
        normalize.Block(b.start_line + start, b.end_line + start, b.tokens, b.label) for b in blocks
    ]
    revision, similarity, changes = _closest(blocks, registry)
    body_words = sum(len(tokens) for tokens in line_tokens[start:])
    is_modelgo = revision is not None and (
        similarity >= MIN_SIMILARITY or (title is not None and body_words >= MIN_BODY_SHARE * revision.words)
    )
    if not is_modelgo:
        tokens = {token for tokens in line_tokens for token in tokens}
        return Identification(Verdict.NOT_MODELGO, revision, round(similarity, 4), (), None, 0,
                              references=_references(text), mentions_modelgo="modelgo" in tokens,
                              words=total_words)
    return Identification(Verdict.MODIFIED, revision, similarity, tuple(changes), preamble,
                          (title + 1) if title is not None else 0, words=total_words,
                          lookalikes=_lookalikes(text))


def _lookalikes(text: str) -> tuple[str, ...]:
    return tuple(f"line {line}: {normalize.describe_char(ch)} in {word!r}"
                 for line, ch, word in normalize.lookalikes(text))


#: Identifications by text digest: a model zoo holds many copies of one text. Keyed by a digest,
#: not the text, so memory stays bounded (at most this many small results, whatever the texts).
_MEMO_SIZE = 1024
_memo: dict[tuple[int, bytes], tuple[Registry, Identification]] = {}


#: the last few texts of 1 to 64 KiB are also remembered by the text itself: the LICENSE of a
#: monorepo's every model folder is one ``str`` (repo.reader.decode), found by its cached hash
#: without a digest of its UTF-8 bytes
TEXT_MEMO = (16, 1024, 64 * 1024)


def identify_cached(text: str, registry: Registry) -> Identification:
    """:func:`identify`, remembered per (registry, text digest) for the life of the process."""
    if TEXT_MEMO[1] <= len(text) <= TEXT_MEMO[2]:
        return _by_text(text, registry)
    return _by_digest(text, registry)


def _by_digest(text: str, registry: Registry) -> Identification:
    key = (id(registry), sha256(text.encode("utf-8", "surrogatepass")).digest())
    hit = _memo.get(key)
    if hit is not None:
        return hit[1]
    result = identify(text, registry)
    if len(_memo) >= _MEMO_SIZE:
        _memo.clear()
    _memo[key] = (registry, result)  # holding the registry keeps its id from being reused
    return result


_by_text = functools.lru_cache(maxsize=TEXT_MEMO[0])(_by_digest)  # a Registry hashes by identity
