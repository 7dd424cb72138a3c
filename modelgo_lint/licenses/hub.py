"""The Hugging Face Hub's model-card conventions that modelgo-lint checks front matter against.

Provenance (facts, not prose): the license identifiers are the "License identifier (to use in repo
card)" column of huggingface/hub-docs ``docs/hub/repositories-licenses.md`` (its "licenses" region;
a ModelGo license is not among them, so it is written ``license: other`` with ``license_name`` and
``license_link``, as that page and ``modelcard.md`` say); the relations are the values of
``base_model_relation`` in hub-docs ``docs/hub/model-cards.md`` ("Specifying a base model").
"""

from __future__ import annotations

LICENSES = frozenset({
    "apache-2.0", "mit", "openrail", "bigscience-openrail-m", "creativeml-openrail-m",
    "bigscience-bloom-rail-1.0", "bigcode-openrail-m", "afl-3.0", "artistic-2.0", "bsl-1.0", "bsd",
    "bsd-2-clause", "bsd-3-clause", "bsd-3-clause-clear", "c-uda", "cc", "cc0-1.0", "cc-by-2.0",
    "cc-by-2.5", "cc-by-3.0", "cc-by-4.0", "cc-by-sa-3.0", "cc-by-sa-4.0", "cc-by-nc-2.0",
    "cc-by-nc-3.0", "cc-by-nc-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-3.0", "cc-by-nc-nd-4.0",
    "cc-by-nc-sa-2.0", "cc-by-nc-sa-3.0", "cc-by-nc-sa-4.0", "cdla-sharing-1.0", "cdla-permissive-1.0",
    "cdla-permissive-2.0", "wtfpl", "ecl-2.0", "epl-1.0", "epl-2.0", "etalab-2.0", "eupl-1.1",
    "agpl-3.0", "gfdl", "gpl", "gpl-2.0", "gpl-3.0", "lgpl", "lgpl-2.1", "lgpl-3.0", "isc",
    "lppl-1.3c", "ms-pl", "mpl-2.0", "odc-by", "odbl", "openrail++", "osl-3.0", "postgresql",
    "ofl-1.1", "ncsa", "unlicense", "zlib", "pddl", "lgpl-lr", "deepfloyd-if-license", "llama2",
    "llama3", "llama3.1", "llama3.2", "llama3.3", "gemma", "unknown", "other",
})
#: ``base_model_relation`` values
RELATIONS = ("adapter", "merge", "quantized", "finetune")
#: the sheet's ``derived_from[].relation`` as a Hub relation (distillation has none)
SHEET_RELATION = {"finetune": "finetune", "adapter": "adapter", "quantized": "quantized", "merge": "merge"}
