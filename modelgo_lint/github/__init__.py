"""The GitHub edge: the Action's job (``action``) and the sticky pull-request comment (``comment``).

On top of the pipeline with the CLI: reads the runner's environment and event, runs the engine,
chooses reporters, talks to the GitHub API (PyGithub, imported lazily in ``comment`` only).
Nothing below imports it.
"""
