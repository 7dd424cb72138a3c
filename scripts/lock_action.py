"""Refresh the Action's hash-pinned lock, ``action/requirements.txt``.

The Action (action.yml) installs its runtime dependencies with ``pip install --require-hashes -r
action/requirements.txt`` and then the action's own checkout with ``--no-deps
--no-build-isolation`` (so hatchling, the build backend, is pinned in the lock too). This script
writes ``action/requirements.in`` from pyproject.toml (the runtime dependencies, the ``github``
extra and the build backend), then runs pip-tools on it::

    pip install pip-tools
    python scripts/lock_action.py          # rewrite the lock with the newest allowed versions
    python scripts/lock_action.py --check  # exit 1 when requirements.in is stale

pip-compile records a hash for every file the index offers for each pinned version; run it with
the Python the runners use (see the README's "Self-hosted runners"), against an index that offers
the wheels of every platform you support (PyPI does). A dependency that needs a version marker
(tomli before Python 3.11) is listed unconditionally: ``--no-deps`` would otherwise leave it out on
an interpreter other than the one that compiled the lock.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
LOCK_IN = ROOT / "action" / "requirements.in"
LOCK = ROOT / "action" / "requirements.txt"


def requirements_in() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    names = [*project["project"]["dependencies"], *project["project"]["optional-dependencies"]["github"]]
    names = [name.split(";")[0].strip() for name in names]  # markers dropped: see the docstring
    names += project["build-system"]["requires"]
    lines = ["# Written by scripts/lock_action.py from pyproject.toml: do not edit.", *sorted(names)]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that requirements.in is fresh")
    args = parser.parse_args()
    wanted = requirements_in()
    if args.check:
        fresh = LOCK_IN.exists() and LOCK_IN.read_text("utf-8") == wanted
        print("action/requirements.in is " + ("fresh" if fresh else "stale: run scripts/lock_action.py"))
        return 0 if fresh else 1
    LOCK_IN.write_text(wanted, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "piptools",
        "compile",
        "--quiet",
        "--generate-hashes",
        "--allow-unsafe",
        "--strip-extras",
        "--no-emit-index-url",
        "--no-emit-find-links",
        "--upgrade",
        "--output-file",
        str(LOCK),
        str(LOCK_IN),
    ]
    return subprocess.run(command, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
