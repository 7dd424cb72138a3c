"""The analyse stage: one immutable record per model root, computed once (parse once, check many).

discover → read → **analyse** → checks → findings. :func:`analyse` takes the files the read stage
returned (:class:`~modelgo_lint.repo.documents.RootFiles`) and the license registry, and does all the
interpreting: license files identified (verdict, revision), sheets and README parsed, the sheet
validated against the schema, declarations and notices collected with their positions, upstreams
with the terms of their license, and the terms of the model's own license. Checks are pure
functions of the :class:`RootAnalysis` it returns: they read no file, parse nothing and look
nothing up in the registry.

May import: documents (the values read, never the reader), declarations, notices, readme, terms,
matcher, registry, sheets. Must not import checks, reporters, the CLI or git.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from modelgo_lint import lazyre
from modelgo_lint.analysis import declarations, notices, ownership, parsed
from modelgo_lint.analysis.declarations import Declaration
from modelgo_lint.analysis.notices import Notice
from modelgo_lint.analysis.readme import Readme
from modelgo_lint.licenses.matcher import Identification, Verdict, identify_cached
from modelgo_lint.licenses.registry import Registry, Revision, Sheet
from modelgo_lint.licenses.terms import Terms, known_other, of_license, of_other, of_revision
from modelgo_lint.records import Record
from modelgo_lint.repo.documents import RootFiles, TextFile
from modelgo_lint.sheets.loader import Document, LoadError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)

if TYPE_CHECKING:
    from modelgo_lint.repo.hubcards import HubCard
    from modelgo_lint.sheets.validate import Problem  # built when a sheet is validated

_DATE = lazyre.compile(r"\b\d{4}-\d{2}-\d{2}\b")
#: ``_DATE`` for ASCII text, where ``\d`` and ``\b`` mean what they mean in Unicode (twice as fast)
_ASCII_DATE = lazyre.compile(r"\b\d{4}-\d{2}-\d{2}\b", re.ASCII)


def _has_date(text: str) -> bool:
    return bool((_ASCII_DATE if text.isascii() else _DATE).search(text))
_EXTRACTED = lazyre.compile(r"distill|extracted", re.IGNORECASE)


def _names(text: str, words: tuple[str, ...], pattern: re.Pattern[str]) -> bool:
    """``pattern.search(text)``, for a case-insensitive ``pattern`` that matches only text holding
    one of ``words`` (lower-case ASCII) in some case. An ASCII text without any of them in its lower
    case is not searched (such a search tries every character); other texts are, as Unicode case
    folding matches more ("\u017f" for "s")."""
    if text.isascii() and not any(word in text.lower() for word in words):
        return False
    return pattern.search(text) is not None


_MODIFICATION_HEADING = lazyre.compile(r"^\s{0,3}#{1,6}\s+.*(modification|changes)", re.IGNORECASE)


class LicenseFile(Record):
    """A license file of the root and what it was identified as (None when it cannot be read)."""

    file: TextFile
    identification: Identification | None = None
    newest: Revision | None = None  # the newest published revision of the identified license
    #: why the file is an upstream's license copy, not the model's own declaration (None: own);
    #: docs/declarations.md
    upstream_copy: str | None = None
    #: the official text of the closest revision, for a modified file when a text provider gave it
    official_text: str | None = None

    @property
    def rel(self) -> str:
        return self.file.rel

    @property
    def revision(self) -> Revision | None:
        """The identified revision when the file is a ModelGo text (any verdict but not-modelgo)."""
        ident = self.identification
        if ident is None or ident.verdict is Verdict.NOT_MODELGO:
            return None
        return ident.revision


class SheetFile(Record):
    """A Model Sheet file: loaded (or why not), its schema problems, its license and official rows."""

    file: TextFile
    loaded: Document | LoadError | None = None  # None: unreadable (MG901)
    problems: tuple[Problem, ...] = ()
    license_id: str | None = None  # license.id, stripped and upper-cased
    #: the official sheet of ``license_id``, in the edition of the root's license file, else the newest
    official: Sheet | None = None
    other_license: str | None = None  # license.id when it is a known non-ModelGo license (apache-2.0)
    #: the license the root ships (its own ModelGo license file) when it is not ``license_id``, and
    #: that license's official sheet: rows are compared with what is shipped (one root cause: MG205)
    shipped_id: str | None = None
    shipped_official: Sheet | None = None

    @property
    def rel(self) -> str:
        return self.file.rel

    @property
    def document(self) -> Document | None:
        return self.loaded if isinstance(self.loaded, Document) else None


class ReadmeFile(Record):
    file: TextFile
    parsed: Readme | None = None  # None: unreadable

    @property
    def rel(self) -> str:
        return self.file.rel

    @property
    def front_matter(self) -> Document | None:
        return self.parsed.front_matter if self.parsed is not None else None


class Link(Record):
    """A path that must name a license file of the root: front matter ``license_link``, sheet
    ``license.file``."""

    path: str
    line: int
    column: int
    pointer: str
    value: str
    source: str  # "front matter license_link", "Model Sheet license.file", "... derived_from[].license_file"


class Upstream(Record):
    name: str
    relation: str
    license: str | None
    license_file: str | None
    attribution: tuple[str, ...]
    path: str
    line: int
    column: int
    pointer: str | None
    terms: Terms | None = None  # of ``license``; None when unknown or not recorded
    hub_status: str | None = None  # what the Hub said of it (``check --hub``); None: not asked

    @property
    def extracted(self) -> bool:
        return self.relation == "distillation"


class Ancestor(Record):
    """A model of the lineage as the Hub records it (``check --hub``): ``path`` runs from the direct
    upstream to this model; ``relation`` is how the model before it in the path derives from it."""

    path: tuple[str, ...]
    relation: str
    status: str  # repo.hubcards: resolved, gated, missing, unresolved
    license: str | None = None
    terms: Terms | None = None
    cycle: bool = False  # the path comes back to a model already on it: not followed further

    @property
    def name(self) -> str:
        return self.path[-1]


class RootAnalysis(Record):
    """Everything the checks know about one model root."""

    files: RootFiles
    license_files: tuple[LicenseFile, ...] = ()
    sheets: tuple[SheetFile, ...] = ()
    readme: ReadmeFile | None = None
    declarations: tuple[Declaration, ...] = ()  # sheet license.id, front matter, README notices
    links: tuple[Link, ...] = ()
    notices: tuple[Notice, ...] = ()
    upstreams: tuple[Upstream, ...] = ()
    #: the model's own terms: its first ModelGo license file's edition, else the first declaration
    terms: Terms | None = None
    #: the same from the license files alone (a declaration alone does not bind notices: MG301)
    license_file_terms: Terms | None = None
    dated_modification: bool = False  # sheet modifications[].date, or a dated README changes section
    modification_noted: bool = False  # the same without a date (Apache-2.0 §4(b), CC BY §3(a)(1)(B))
    #: URLs written in the README and the sheets (CC BY §3(a)(1)(C) accepts the license's URI)
    urls: frozenset[str] = frozenset()
    own_notices: frozenset[str] = frozenset()  # keys of the sheet's licensor_notices (the licensor's own)
    extraction_noted: bool = False  # README or sheet modifications say distilled / extracted
    identifiers: tuple[str, ...] = ()  # every known ModelGo identifier
    #: the upstreams' own upstreams, from the Hub (``check --hub``; empty without it)
    lineage: tuple[Ancestor, ...] = ()
    hub: bool = False  # the Hub was asked (with_lineage)

    @property
    def rel(self) -> str:
        return self.files.rel

    @property
    def other_licenses(self) -> tuple[str, ...]:
        """The non-ModelGo licenses whose terms are known (read when a check names them)."""
        return known_other()

    @property
    def retained_text(self) -> tuple[str, ...]:
        """Notice keys of every line and of the whole text of each licensing text file of the root
        (README, NOTICE, LICENSE files, sheets): where ModelGo 2.2(a)(iii) lets notices be retained.
        Built when a check asks (retention, with a base; kept for the last few roots asked about):
        not on every root of a monorepo."""
        return _retained_text(self.files)

    @property
    def modelgo_licenses(self) -> tuple[LicenseFile, ...]:
        """The readable license files that are ModelGo texts, in order."""
        return tuple(f for f in self.license_files if f.revision is not None)

    @property
    def own_modelgo_licenses(self) -> tuple[LicenseFile, ...]:
        """The ModelGo license files that are the model's own (not upstream copies), in order."""
        return tuple(f for f in self.modelgo_licenses if f.upstream_copy is None)


#: gives the verified official text of a revision, or None (modelgo_lint.texts.Texts.text): the
#: analysis asks it only for a modified license file
TextProvider = Callable[[Revision], str | None]


def _license_file(text_file: TextFile, registry: Registry, texts: TextProvider | None = None) -> LicenseFile:
    if text_file.text is None:
        return LicenseFile(text_file)
    ident = identify_cached(text_file.text, registry)
    revision = ident.revision if ident.verdict is not Verdict.NOT_MODELGO else None
    if revision is None:
        return LicenseFile(text_file, ident)
    official_text = texts(revision) if texts is not None and ident.verdict is Verdict.MODIFIED else None
    return LicenseFile(text_file, ident, registry.newest.get(revision.id), official_text=official_text)


def _official(license_id: str, licenses: tuple[LicenseFile, ...], registry: Registry) -> Sheet | None:
    if license_id not in registry.newest:
        return None
    for license_file in licenses:
        revision = license_file.revision
        if revision is not None and revision.id == license_id and revision.sheet:
            return registry.sheet_of(revision)  # the official Model Sheet of the file's edition
    return registry.sheet_of(registry.newest[license_id])


def _shipped(licenses: tuple[LicenseFile, ...]) -> LicenseFile | None:
    own = [f for f in licenses if f.revision is not None and f.upstream_copy is None]
    return own[0] if own else next((f for f in licenses if f.revision is not None), None)


def _sheet_file(text_file: TextFile, licenses: tuple[LicenseFile, ...], registry: Registry) -> SheetFile:
    loaded = parsed.sheet(text_file)
    if not isinstance(loaded, Document):
        return SheetFile(text_file, loaded)
    from modelgo_lint.sheets.validate import validate

    data = loaded.data
    license_value = data.get("license") if isinstance(data, dict) else None
    license_id = license_value.get("id") if isinstance(license_value, dict) else None
    if not isinstance(license_id, str):
        return SheetFile(text_file, loaded, tuple(validate(loaded)))
    if of_other(license_id) is not None:  # a non-ModelGo own license (issue 12 item 6): no ModelGo rows
        return SheetFile(text_file, loaded, tuple(validate(loaded)), None, None, license_id.strip().lower())
    license_id = license_id.strip().upper()
    shipped = _shipped(licenses)
    if shipped is not None and shipped.revision is not None and shipped.revision.id != license_id \
            and license_id in registry.newest:
        return SheetFile(text_file, loaded, tuple(validate(loaded)), license_id,
                         _official(license_id, licenses, registry), shipped_id=shipped.revision.id,
                         shipped_official=registry.sheet_of(shipped.revision))
    return SheetFile(text_file, loaded, tuple(validate(loaded)), license_id,
                     _official(license_id, licenses, registry))


def _links(sheets: tuple[SheetFile, ...], readme: ReadmeFile | None) -> list[Link]:
    out = []
    for sheet in sheets:
        data = sheet.document.data if sheet.document is not None else None
        license_value = data.get("license") if isinstance(data, dict) else None
        file_value = license_value.get("file") if isinstance(license_value, dict) else None
        if sheet.document is not None and isinstance(file_value, str) and file_value.strip():
            out.append(Link(sheet.rel, *sheet.document.position("/license/file"), "/license/file",
                            file_value, "Model Sheet license.file"))
        entries = data.get("derived_from") if isinstance(data, dict) else None
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            value = entry.get("license_file") if isinstance(entry, dict) else None
            if sheet.document is not None and isinstance(value, str) and value.strip():
                pointer = f"/derived_from/{index}/license_file"
                out.append(Link(sheet.rel, *sheet.document.position(pointer), pointer, value,
                                "Model Sheet derived_from[].license_file"))
    front = readme.front_matter if readme is not None else None
    if readme is not None and front is not None:
        link = front.data.get("license_link") if isinstance(front.data, dict) else None
        if isinstance(link, str):
            out.append(Link(readme.rel, *front.position("/license_link"), "/license_link", link,
                            "front matter license_link"))
    return out


def _sheet_upstreams(sheets: tuple[SheetFile, ...]) -> list[Upstream]:
    out = []
    for sheet in sheets:
        document = sheet.document
        data = document.data if document is not None else None
        entries = data.get("derived_from") if isinstance(data, dict) else None
        if document is None or not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                continue  # the schema reports it (MG203)
            pointer = f"/derived_from/{index}"
            attribution = entry.get("attribution")
            attributions = attribution if isinstance(attribution, list) else []
            out.append(
                Upstream(
                    entry["name"],
                    str(entry.get("relation", "finetune")),
                    entry["license"] if isinstance(entry.get("license"), str) else None,
                    entry["license_file"] if isinstance(entry.get("license_file"), str) else None,
                    tuple(a for a in attributions if isinstance(a, str)),
                    sheet.rel,
                    *document.position(pointer),
                    pointer,
                )
            )
    return out


def _front_matter_upstreams(readme: ReadmeFile, front: Document) -> list[Upstream]:
    data = front.data if isinstance(front.data, dict) else {}
    names = data.get("base_model")
    names = [names] if isinstance(names, str) else names if isinstance(names, list) else []
    relation = data.get("base_model_relation")
    line, column = front.position("/base_model")
    return [
        Upstream(n, relation if isinstance(relation, str) else "finetune", None, None, (), readme.rel,
                 line, column, "/base_model")
        for n in names
        if isinstance(n, str)
    ]


def _upstream_revision(up: Upstream, licenses: tuple[LicenseFile, ...]) -> Revision | None:
    """The revision of the upstream's license that the root ships: the file ``license_file``
    names, else any license file identified as that license (its edition decides the terms)."""
    wanted = (up.license or "").strip().upper()
    named = up.license_file.strip().lstrip("./") if up.license_file else None
    copies = [f for f in licenses if f.revision is not None and f.revision.id == wanted]
    for f in copies:
        if named is not None and (f.rel == named or f.rel.endswith("/" + named)):
            return f.revision
    return copies[0].revision if copies else None


def _upstreams(
    sheets: tuple[SheetFile, ...], readme: ReadmeFile | None, registry: Registry,
    licenses: tuple[LicenseFile, ...] = (),
) -> list[Upstream]:
    found = _sheet_upstreams(sheets)
    front = readme.front_matter if readme is not None else None
    if readme is not None and front is not None:
        recorded = {u.name for u in found}
        fronts = [u for u in _front_matter_upstreams(readme, front) if u.name not in recorded]
        copies = [(f.file.name, f.revision.id) for f in licenses if f.upstream_copy and f.revision]
        sentences = [s.text for s in readme.parsed.upstream_notices] if readme.parsed else []
        found += [u._replace(license=ownership.front_matter_license(
            u.name, len(fronts) == 1, sentences, copies)) for u in fronts]
    out = []
    for up in found:
        terms = of_license(up.license, registry, _upstream_revision(up, licenses)) if up.license else None
        out.append(Upstream(up.name, up.relation, up.license, up.license_file, up.attribution, up.path,
                            up.line, up.column, up.pointer, terms))
    return out


def _modifications(sheets: tuple[SheetFile, ...]) -> list[list[object]]:
    """The ``modifications`` list of every sheet that has one."""
    out: list[list[object]] = []
    for sheet in sheets:
        data = sheet.document.data if sheet.document is not None else None
        items = data.get("modifications") if isinstance(data, dict) else None
        if isinstance(items, list):
            out.append(items)
    return out


def _dated_modification(sheets: tuple[SheetFile, ...], readme: ReadmeFile | None) -> bool:
    for items in _modifications(sheets):
        if any(isinstance(i, dict) and _DATE.fullmatch(str(i.get("date", ""))) for i in items):
            return True
    # a date on a line of the README is a date in its text (\b at a line's ends is \b beside "\n"):
    # most READMEs have none, and their lines need not be looked at
    if readme is not None and readme.file.text is not None and _has_date(readme.file.text):
        in_section = False
        for line in readme.file.text.split("\n"):
            if line.lstrip().startswith("#"):
                in_section = bool(_MODIFICATION_HEADING.match(line))
            elif in_section and _has_date(line):
                return True
    return False


def _extraction_noted(sheets: tuple[SheetFile, ...], readme: ReadmeFile | None) -> bool:
    texts = [readme.file.text] if readme is not None and readme.file.text else []
    for items in _modifications(sheets):
        texts += [str(i.get("description", "")) for i in items if isinstance(i, dict)]
    return any(_names(text, ("distill", "extracted"), _EXTRACTED) for text in texts)


def _license_file_terms(licenses: tuple[LicenseFile, ...], registry: Registry) -> Terms | None:
    """The terms of the first license file with an official sheet (own ones first), in its edition."""
    for license_file in sorted(licenses, key=lambda f: f.upstream_copy is not None):
        if license_file.revision is not None and license_file.revision.sheet:
            found = of_revision(license_file.revision, registry)
            if found is not None:
                return found
    return None


_URL = lazyre.compile(r"https?://[^\s)\]>\"'`]+")
_NOTED = lazyre.compile(r"\b(modif|changed|changes)", re.IGNORECASE)
#: what every line that ``_NOTED`` or ``_MODIFICATION_HEADING`` matches holds
_MODIFICATION_WORD = lazyre.compile(r"\b(?:modif|changed|changes)|modification|changes", re.IGNORECASE)


def _modification_noted(sheets: tuple[SheetFile, ...], readme: ReadmeFile | None) -> bool:
    if any(any(isinstance(i, dict) and str(i.get("description", "")).strip() for i in items)
           for items in _modifications(sheets)):
        return True
    text = readme.file.text if readme is not None and readme.file.text else ""
    # what a line matches, the text does (the same flags; \b at a line's ends is \b beside "\n"):
    # a README without the words needs no line looked at
    if not _names(text, ("modif", "changed", "changes"), _MODIFICATION_WORD):
        return False
    return any(_MODIFICATION_HEADING.match(line)
               or (not line.lstrip().startswith("#") and _NOTED.search(line))
               for line in text.split("\n"))


def _own_terms(sheets: tuple[SheetFile, ...], readme: ReadmeFile | None, registry: Registry) -> Terms | None:
    """A model whose own license is not ModelGo (issue 12 item 6): front matter ``license`` (a Hub
    id) or the sheet's ``license.id``, when its terms are known."""
    values = [s.other_license for s in sheets if s.other_license]
    front = readme.front_matter if readme is not None else None
    if front is not None and isinstance(front.data, dict) and isinstance(front.data.get("license"), str):
        values.append(front.data["license"])
    return next((t for v in values if v and (t := of_license(v, registry)) is not None), None)


@functools.lru_cache(maxsize=8)
def _retained_text(files: RootFiles) -> tuple[str, ...]:
    out: list[str] = []
    for text_file in files.all():
        if text_file.text is not None:
            lines = text_file.text.split("\n")
            out.extend(k for line in lines if (k := notices.key(line)))
            out.append(notices.key(" ".join(lines)))
    return tuple(out)


def _own_notices(sheets: tuple[SheetFile, ...]) -> frozenset[str]:
    keys = set()
    for sheet in sheets:
        data = sheet.document.data if sheet.document is not None else None
        items = data.get("licensor_notices") if isinstance(data, dict) else None
        keys |= {notices.key(i) for i in items if isinstance(i, str)} if isinstance(items, list) else set()
    return frozenset(keys)


@functools.lru_cache(maxsize=8)
def _identifiers(registry: Registry) -> tuple[str, ...]:
    """The registry's identifiers, sorted once per registry (a registry is hashed by identity)."""
    return registry.identifiers


def analyse(files: RootFiles, registry: Registry, texts: TextProvider | None = None) -> RootAnalysis:
    """Interpret the files of one model root, once (``texts``: official texts for word diffs)."""
    readme = ReadmeFile(files.readme, parsed.readme(files.readme)) if files.readme is not None else None
    copies = ownership.upstream_copies(files, readme.front_matter if readme is not None else None)
    licenses = tuple(_license_file(f, registry, texts)._replace(upstream_copy=copies.get(f.rel))
                     for f in files.licenses)
    sheets = tuple(_sheet_file(f, licenses, registry) for f in files.sheets)
    # a sheet's own non-ModelGo license.id (apache-2.0) is no ModelGo declaration (issue 12 item 6)
    shipped_ids = [f.revision.id for f in licenses if f.revision]
    found = tuple(d for d in declarations.collect(files, registry, shipped_ids)
                  if not (d.pointer == "/license/id" and of_other(d.written) is not None))
    file_terms = _license_file_terms(licenses, registry)
    # a declared non-ModelGo own license wins over ModelGo texts, which are then upstream copies
    terms = _own_terms(sheets, readme, registry) or file_terms
    if terms is None:
        terms = next((t for d in found if (t := of_license(d.identifier, registry)) is not None), None)
    upstreams = tuple(_upstreams(sheets, readme, registry, licenses))
    preambles = {f.rel: f.identification.preamble for f in licenses if f.identification is not None}
    return RootAnalysis(
        files=files,
        license_files=licenses,
        sheets=sheets,
        readme=readme,
        declarations=found,
        links=tuple(_links(sheets, readme)),
        notices=tuple(notices.collect(files, preambles)),
        upstreams=upstreams,
        terms=terms,
        license_file_terms=file_terms,
        dated_modification=_dated_modification(sheets, readme),
        extraction_noted=_extraction_noted(sheets, readme),
        modification_noted=_modification_noted(sheets, readme),
        urls=frozenset(u.rstrip(".,;:").rstrip("/") for f in (*files.sheets, files.readme)
                       if f is not None and f.text for u in _URL.findall(f.text)),
        own_notices=_own_notices(sheets),
        identifiers=_identifiers(registry),
    )


def _walk(card: HubCard, path: tuple[str, ...], cards: dict[str, HubCard], registry: Registry,
          out: list[Ancestor]) -> None:
    from modelgo_lint.repo.hubcards import MAX_DEPTH, RESOLVED, UNRESOLVED, HubCard

    if len(path) >= MAX_DEPTH:
        return
    for base in card.base_models:
        found = cards.get(base, HubCard(base, UNRESOLVED))
        terms = of_license(found.license, registry) if found.license else None
        cycle = base in path
        relation = card.relation or "finetune"
        out.append(Ancestor((*path, base), relation, found.status, found.license, terms, cycle))
        if not cycle and found.status == RESOLVED:
            _walk(found, (*path, base), cards, registry, out)


def with_lineage(root: RootAnalysis, cards: dict[str, HubCard], registry: Registry) -> RootAnalysis:
    """The record with what the Hub said of its upstreams: a direct upstream whose license is not
    recorded takes its card's; the models further up become ``lineage``. Pure: same cards, same
    record."""
    from modelgo_lint.repo.hubcards import RESOLVED

    upstreams: list[Upstream] = []
    lineage: list[Ancestor] = []
    for up in root.upstreams:
        card = cards.get(up.name)
        if card is None:
            upstreams.append(up)
            continue
        if up.license is None and card.license:
            up = up._replace(license=card.license, terms=of_license(card.license, registry))
        upstreams.append(up._replace(hub_status=card.status))
        if card.status == RESOLVED:
            _walk(card, (up.name,), cards, registry, lineage)
    return root._replace(upstreams=tuple(upstreams), lineage=tuple(lineage), hub=True)
