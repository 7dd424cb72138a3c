"""The Model Sheet document: the position-keeping safe YAML/JSON loader (also for README front
matter and configuration), schema validation with line and column, and the sheet template.

May import :mod:`modelgo_lint.licenses` (the official rows, for the template) and the standard
library; jsonschema and PyYAML are imported lazily, only when there is work for them.
"""
