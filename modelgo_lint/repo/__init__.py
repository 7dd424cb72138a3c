"""The repository edge: what is there and what it says, as bytes and text, never interpreted.

Owns discovery of model roots (names only, never weights), the bounded reader (no symlink out of
the repository, size caps, no FIFO), the values read for one root (``documents``) and git: the
files of a base revision and of a pushed commit, read from git objects (``gitio``). May import
only :mod:`modelgo_lint.findings` and the standard library; everything above reads through it.
"""
