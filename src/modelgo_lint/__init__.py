"""modelgo-lint: keep machine-learning model repositories honest about their ModelGo licenses."""

__version__ = "0.1.0"
