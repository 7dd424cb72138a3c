"""The analyse stage: one immutable record per model root, computed once (``record.analyse``).

Owns the interpretation of what the read stage returned: README and front matter (``readme``),
declarations of the model's license with their sources and positions (``declarations``),
notices (``notices``), license verdicts, the parsed sheet, upstreams and their terms. May import
:mod:`modelgo_lint.repo.documents` (values, never the reader or git), :mod:`modelgo_lint.sheets`
and :mod:`modelgo_lint.licenses`. Checks read only its record.
"""
