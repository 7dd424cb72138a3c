"""Which license files of a model root are its own declaration and which are upstream copies
(docs/declarations.md, "Own license files and upstream copies").

A license file is an **upstream copy** when it is not named as the model's own (sheet
``license.file``, front matter ``license_link``) and

1. a sheet's ``derived_from[].license_file`` names it, or
2. it lies under a ``LICENSES/`` folder, or
3. its name is the license prefix followed by the name of an upstream model (``LICENSE-llama-2``
   beside ``base_model: meta-llama/Llama-2-7b``) or by an upstream's license identifier.

Every other license file of the root is the model's own: each of them declares the model's
license, so two own files that are different ModelGo licenses disagree (MG205).
"""

from __future__ import annotations

import posixpath
import re

from modelgo_lint import lazyre
from modelgo_lint.analysis import declarations
from modelgo_lint.licenses.identifiers import IDENTIFIER
from modelgo_lint.repo.documents import RootFiles
from modelgo_lint.sheets.loader import Document

_PREFIX = lazyre.compile(r"^(?:licen[cs]e|copying)[-._]?", re.IGNORECASE)
_EXTENSION = lazyre.compile(r"\.(?:txt|md|rst|markdown)$", re.IGNORECASE)
_GENERIC = frozenset({"", "model", "models", "weights", "code", "mg", "modelgo", "data", "text", "full"})


def _key(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.lower())


def _in_root(root: str, value: str) -> str:
    clean = posixpath.normpath(value.strip().replace("\\", "/").lstrip("./") or ".")
    return clean if root in ("", ".") else f"{root}/{clean}"


def upstream_copies(files: RootFiles, front: Document | None) -> dict[str, str]:
    """Display path -> why it is an upstream copy, for the license files of ``files``."""
    own: set[str] = set()
    named: set[str] = set()
    upstream_names: set[str] = set()
    upstream_licenses: set[str] = set()
    for _, document in declarations.sheet_documents(files):
        data = document.data if isinstance(document.data, dict) else {}
        license_value = data.get("license")
        if isinstance(license_value, dict) and isinstance(license_value.get("file"), str):
            own.add(_in_root(files.rel, license_value["file"]))
        entries = data.get("derived_from")
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict):
                continue
            if isinstance(entry.get("license_file"), str):
                named.add(_in_root(files.rel, entry["license_file"]))
            if isinstance(entry.get("name"), str):
                upstream_names.add(_key(entry["name"].rsplit("/", 1)[-1]))
            if isinstance(entry.get("license"), str):
                upstream_licenses.add(_key(entry["license"]))
    data = front.data if front is not None and isinstance(front.data, dict) else {}
    if isinstance(data.get("license_link"), str) and "://" not in data["license_link"]:
        own.add(_in_root(files.rel, data["license_link"]))
    bases = data.get("base_model")
    for base in [bases] if isinstance(bases, str) else bases if isinstance(bases, list) else []:
        if isinstance(base, str):
            upstream_names.add(_key(base.rsplit("/", 1)[-1]))
    upstream_names.discard("")
    out: dict[str, str] = {}
    for text_file in files.licenses:
        rel = text_file.rel
        if rel in own:
            continue
        inside = rel[len(files.rel) + 1:] if files.rel not in ("", ".") else rel
        suffix = _key(_PREFIX.sub("", _EXTENSION.sub("", text_file.name)))
        if rel in named:
            out[rel] = "named by derived_from[].license_file"
        elif "/" in inside and re.match(r"(?i)licen[cs]es/", inside):
            out[rel] = "under LICENSES/"
        elif suffix not in _GENERIC and len(suffix) >= 4 and (
                suffix in upstream_licenses
                or any(len(n) >= 4 and (suffix in n or n in suffix) for n in upstream_names)):
            out[rel] = "named after an upstream"
    return out


def front_matter_license(name: str, single: bool, sentences: list[str],
                         copies: list[tuple[str, str]]) -> str | None:
    """The license of an upstream that only front matter ``base_model`` names (the Hub card has no
    field for it), as the root declares it (docs/declarations.md, "Front matter upstreams"):

    1. a README sentence about an upstream's license that names this upstream (or says "base model"
       when it is the only one) and a ModelGo identifier;
    2. else a shipped ModelGo upstream copy named after it (``LICENSE-<name>``);
    3. else, when it is the only front matter upstream, the one ModelGo license all upstream copies are.

    ``copies`` are (file name, identifier) of the ModelGo upstream copies.
    """
    key = _key(name.rsplit("/", 1)[-1])
    for text in sentences:
        named = len(key) >= 4 and key in _key(text)
        if named or (single and re.search(r"(?i)\bbase\s+model\b", text)):
            found = IDENTIFIER.search(text)
            if found:
                return found.group(0).upper()
    for file_name, identifier in copies:
        suffix = _key(_PREFIX.sub("", _EXTENSION.sub("", file_name)))
        if len(key) >= 4 and len(suffix) >= 4 and (suffix in key or key in suffix):
            return identifier
    ids = {identifier for _, identifier in copies}
    return ids.pop() if single and len(ids) == 1 else None
