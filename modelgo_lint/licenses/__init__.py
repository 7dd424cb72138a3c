"""License knowledge: what the published texts are, computed once from ../shared and shipped.

Owns normalization and matching of license texts (verdicts), the registry of facts (digests,
fingerprints, official Model Sheet rows parsed from the published ASCII tables), ModelGo
identifiers, and the terms (rights and duties) of ModelGo and other licenses. Pure: it reads its
own package data and nothing of the repository. May import :mod:`modelgo_lint.repo.reader`'s
decoding helpers (scripts only) and the standard library.
"""

#: the version of :mod:`modelgo_lint.licenses.normalize`'s rules, recorded in the registry it was
#: computed with; here so that loading the registry need not import the normalizer (issue 14)
NORMALIZER_VERSION = 2
