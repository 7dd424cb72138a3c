"""What the Hugging Face Hub said about an upstream model: plain values that import nothing.

The network edge (:mod:`modelgo_lint.hub.resolve`) fills them; the analysis
(:func:`modelgo_lint.analysis.record.with_lineage`) reads them. A card is ``resolved`` (its metadata
was read, from the Hub or the cache), ``gated`` (access is required), ``missing`` (no such
repository) or ``unresolved`` (unreachable, timed out, or offline without a cached answer).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

RESOLVED, GATED, MISSING, UNRESOLVED = "resolved", "gated", "missing", "unresolved"
#: how far up the chain is followed (the direct upstream is depth 1)
MAX_DEPTH = 8
#: an owner/name Hub repository id (no URL, no path, no "." or ".." part)
_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}")


def is_hub_repo(name: str) -> bool:
    return bool(_REPO.fullmatch(name)) and ".." not in name


@dataclass(frozen=True)
class HubCard:
    repo: str
    status: str
    sha: str | None = None
    #: the card's ``license``, or its ``license_name`` when ``license`` is ``other``
    license: str | None = None
    relation: str | None = None  # base_model_relation: how this model derives from its base_model
    base_models: tuple[str, ...] = ()


def card_from_metadata(repo: str, sha: str | None, data: Mapping[str, object]) -> HubCard:
    """A resolved card from a model card's metadata (``cardData`` or README front matter)."""
    license_value = data.get("license")
    name = data.get("license_name")
    if isinstance(license_value, list):  # the Hub accepts a list; the first one is the model's
        license_value = next((v for v in license_value if isinstance(v, str)), None)
    license_id = license_value if isinstance(license_value, str) else None
    other = license_id is None or license_id.strip().lower() == "other"
    if other and isinstance(name, str) and name.strip():
        license_id = name
    bases = data.get("base_model")
    listed = [bases] if isinstance(bases, str) else bases if isinstance(bases, list) else []
    relation = data.get("base_model_relation")
    return HubCard(repo, RESOLVED, sha, license_id.strip() if license_id else None,
                   relation if isinstance(relation, str) else None,
                   tuple(dict.fromkeys(b.strip() for b in listed if isinstance(b, str) and b.strip())))
