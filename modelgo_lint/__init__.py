"""modelgo-lint: keep machine-learning model repositories honest about their ModelGo licenses."""

__version__ = "0.1.0"

#: The project's home, the one place its URL is written in the code: the package metadata
#: (``[project.urls]``), the README's snippets and the rule docs' ``helpUri`` must agree with it
#: (a test checks them), so a fork changes it here and the test shows the rest.
HOME_URL = "https://github.com/modelgo-lint/modelgo-lint"


def rule_doc_url(code: str) -> str:
    """The page of one rule (``docs/rules/MG102.md``, generated from the rule registry)."""
    return f"{HOME_URL}/blob/main/docs/rules/{code}.md"
