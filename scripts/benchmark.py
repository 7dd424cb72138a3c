#!/usr/bin/env python3
"""Speed figures as ratios against fixed baselines measured in the same run (design §8).

    python3 -m venv /tmp/bench && /tmp/bench/bin/pip install .      # a wheel install, not editable
    python scripts/benchmark.py --python /tmp/bench/bin/python [--monorepos 250,1000,2000] [--repeat 7]

Baselines: ``python -c pass`` (the same interpreter) for whole commands, run in turns with the
start-up figures and the peers on the same files (``round_robin``); hashing the same bytes
for the in-process identify throughput. Commands run from a scratch folder, so the checkout does
not shadow the installed package. Peers (``check-jsonschema``, ``reuse``) when on PATH. Ratios
survive a noisy machine better than seconds do.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import make_sample  # noqa: E402

CURRENT = (
    "MG0-2.0",
    "MG-BY-2.0",
    "MG-BY-NC-2.0",
    "MG-BY-ND-2.0",
    "MG-BY-NC-ND-2.0",
    "MG-BY-SA-2.0",
    "MG-BY-RAI-2.0",
    "MG-BY-NC-RAI-2.0",
)


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def round_robin(commands: dict[str, Sequence[str]], repeat: int, cwd: str) -> dict[str, float]:
    """Median seconds of each command, run in turns (one of each per round): a machine that slows
    down or speeds up during the run moves every command alike, so their ratios hold."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, check=False, capture_output=True, cwd=cwd)
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def history_repo(folder: Path, commits: int, shared: Path) -> Path:
    """A git repository holding the sample model, with ``commits`` commits (git fast-import)."""
    make_sample.main([str(folder), "--shared", str(shared), "--license", "MG-BY-2.0"])
    env = {
        "GIT_AUTHOR_NAME": "b",
        "GIT_AUTHOR_EMAIL": "b@example.invalid",
        "GIT_COMMITTER_NAME": "b",
        "GIT_COMMITTER_EMAIL": "b@example.invalid",
        "PATH": os.environ.get("PATH", ""),
    }
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True, env=env)
    subprocess.run(["git", "-C", str(folder), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(folder), "commit", "-q", "-m", "model"], check=True, env=env)
    head = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "HEAD"], check=True, env=env, capture_output=True, text=True
    ).stdout.strip()
    stream = []
    for index in range(commits - 1):
        data = f"step {index}\n".encode()
        lines = [
            b"commit refs/heads/main",
            f"committer b <b@example.invalid> {1700000000 + index} +0000".encode(),
            b"data 4",
            b"step",
        ]
        if index == 0:
            lines.append(f"from {head}".encode())
        lines += [b"M 644 inline train/log.txt", f"data {len(data)}".encode()]
        stream.append(b"\n".join(lines) + b"\n" + data + b"\n")
    subprocess.run(
        ["git", "-C", str(folder), "fast-import", "--quiet"], input=b"".join(stream), check=True, env=env
    )
    subprocess.run(["git", "-C", str(folder), "reset", "-q", "--hard", "main"], check=True, env=env)
    return folder


def github_entry(repo: Path, tmp: Path, repeat: int, lint: str) -> float:
    """Median time of `modelgo-lint github` on ``repo`` (a PR against HEAD) with the fake GitHub."""
    import json

    from github_fake import FakeGitHub  # the loopback fake of the tests

    head = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()
    event = tmp / "event.json"
    event.write_text(
        json.dumps({"pull_request": {"number": 7, "base": {"sha": head}, "head": {"sha": head}}})
    )
    with FakeGitHub() as fake:
        env = {
            **os.environ,
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": str(event),
            "GITHUB_REPOSITORY": "octo/models",
            "GITHUB_API_URL": fake.url,
            "GITHUB_WORKSPACE": str(repo),
            "GITHUB_TOKEN": "benchmark-token",
            "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"),
            "GITHUB_OUTPUT": str(tmp / "output.txt"),
        }
        action = [lint, "github", "--comment", "always"]
        return median_seconds(
            lambda: subprocess.run(action, env=env, capture_output=True, check=False, cwd=tmp), repeat
        )


def tool(python: str, name: str) -> str:
    """The console script ``name`` installed beside ``python`` (a wheel install), else on PATH."""
    beside = Path(python).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found beside {python} nor on PATH")
    return found


def weights_repo(folder: Path, shared: Path) -> Path:
    """The sample model (no sheet) with a 5 GB sparse weight file (no disk space used)."""
    make_sample.main([str(folder), "--shared", str(shared), "--no-sheet"])
    with (folder / "model-00001-of-00001.safetensors").open("wb") as handle:
        handle.truncate(5 * 1024**3)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter of a wheel install (pip install . into a scratch venv)")
    parser.add_argument("--monorepos", default="250,1000,2000", help="folder counts of the monorepos")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--commits", type=int, default=5000, help="history length for the retention figure")
    parser.add_argument("--shared", type=Path, default=make_sample.DEFAULT_SHARED)
    parser.add_argument("--no-github", action="store_true", help="leave out the github entry figure")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.monorepos.split(",") if n]

    from modelgo_lint.licenses import registry
    from modelgo_lint.licenses.matcher import identify
    from modelgo_lint.repo.reader import decode

    python = args.python
    lint = tool(python, "modelgo-lint")
    rows: list[tuple[str, float, str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        here = Path(tmp)

        def timed(*argv: str, repeat: int = args.repeat) -> float:
            # run from the scratch folder: the checkout must not shadow the installed wheel
            return median_seconds(
                lambda: subprocess.run(argv, check=False, capture_output=True, cwd=tmp), repeat
            )

        one, with_sheet = here / "one", here / "with-sheet"
        make_sample.main([str(one), "--shared", str(args.shared), "--no-sheet"])
        make_sample.main([str(with_sheet), "--shared", str(args.shared), "--sheet"])
        sheet_file = str(with_sheet / "MODEL_SHEET.yaml")
        weights = weights_repo(here / "weights", args.shared)
        zoos = {}
        for size in sizes:
            zoos[size] = here / f"zoo-{size}"
            make_sample.main([str(zoos[size]), "--models", str(size), "--shared", str(args.shared)])
        short = history_repo(here / "short-history", 2, args.shared)
        long = history_repo(here / "long-history", args.commits, args.shared)
        for repo in (short, long):
            (repo / "NOTICE").write_text("Sample model\n", encoding="utf-8")  # a removed notice: MG301

        # the start-up figures in turns, with their baseline and the peers on the same files
        starts: dict[str, Sequence[str]] = {
            "pass": (python, "-c", "pass"), "version": (lint, "--version"), "one": (lint, "check", str(one)),
            "sheet": (lint, "check", str(with_sheet)), "check-sheet": (lint, "check-sheet", sheet_file),
            "weights": (lint, "check", str(weights))}
        checker, reuse = shutil.which("check-jsonschema"), shutil.which("reuse")
        if checker is not None:
            schema = str(ROOT / "schemas" / "model-sheet.schema.json")
            starts["check-jsonschema"] = (checker, "--schemafile", schema, sheet_file)
        if reuse is not None:
            starts["reuse"] = (reuse, "--root", str(one), "lint")
        start_up = round_robin(starts, args.repeat, tmp)
        baseline = start_up["pass"]
        rows.append(("python -c pass", baseline, "1 (baseline)", 1.0))
        version = start_up["version"]
        rows.append(("--version", version, "x python -c pass", version / baseline))
        check_one = start_up["one"]
        rows.append(("check, one model without a sheet", check_one, "x python -c pass", check_one / baseline))
        sheet_check = start_up["sheet"]
        rows.append(("check, one model with MODEL_SHEET.yaml", sheet_check, "x python -c pass",
                     sheet_check / baseline))
        check_sheet = start_up["check-sheet"]
        rows.append(("check-sheet MODEL_SHEET.yaml", check_sheet, "x python -c pass", check_sheet / baseline))
        # issue 15: init and fix on one repository, word diffs with the texts from a mirror and
        # downloaded from a loopback server (a fresh cache each run), as ratios to check
        texts = str(args.shared / "modelgo-licenses")
        started = timed(lint, "init", "MG-BY-NC-2.0", str(here / "init"), "--force", "--texts", texts)
        rows.append(("init MG-BY-NC-2.0 (texts from a mirror)", started, "x check, one model",
                     started / check_one))
        modified = here / "modified"
        make_sample.main([str(modified), "--shared", str(args.shared), "--no-sheet", "--modified"])
        fixing = timed(lint, "fix", str(modified), "--texts", texts)
        rows.append(("fix, one modified LICENSE (diff only)", fixing, "x check, one model",
                     fixing / check_one))
        diffed = timed(lint, "check", str(modified), "--texts", texts)
        plain_modified = timed(lint, "check", str(modified))
        rows.append(("check --texts DIR, modified LICENSE (word diff)", diffed, "x check, same, no texts",
                     diffed / plain_modified))
        from support import TextServer

        with TextServer() as server:
            cache = here / "cache"
            script = (f"rm -rf {cache} && MODELGO_LINT_TEXTS_URL={server.url} XDG_CACHE_HOME={cache} "
                      f"{lint} check --download {modified}")
            downloaded = timed("sh", "-c", script)
        rows.append(("check --download, loopback, empty cache", downloaded, "x check --texts DIR",
                     downloaded / diffed))
        heavy = start_up["weights"]
        rows.append(("check, one model + 5 GB sparse weights", heavy, "x one model without a sheet",
                     heavy / check_one))
        retention = round_robin({"short": (lint, "check", "--base", "HEAD~1", str(short)),
                                 "long": (lint, "check", "--base", "HEAD~1", str(long))}, args.repeat, tmp)
        retention_short = retention["short"]
        rows.append(("check --base HEAD~1, 2 commits", retention_short, "x python -c pass",
                     retention_short / baseline))
        retention_long = retention["long"]
        rows.append((f"check --base HEAD~1, {args.commits} commits", retention_long, "x 2-commit repository",
                     retention_long / retention_short))
        for size, zoo in zoos.items():
            seconds = timed(lint, "check", str(zoo), repeat=max(3, args.repeat // 2))
            rows.append((f"check, monorepo of {size} models", seconds, "x python -c pass",
                         seconds / baseline))
            per = (seconds - check_one) / size
            rows.append(("  per model folder (beyond one model)", per, "x python -c pass", per / baseline))
        if not args.no_github:
            check_short = timed(lint, "check", str(short))
            entry = github_entry(short, here, args.repeat, lint)
            rows.append(("github entry, one model, fake GitHub (comment)", entry, "x check, same repository",
                         entry / check_short))

        # peers, on the same repositories, when installed
        if checker is not None:
            reference = start_up["check-jsonschema"]
            rows.append(("peer: check-jsonschema on MODEL_SHEET.yaml", reference, "x python -c pass",
                         reference / baseline))
            rows.append(("  check-sheet / check-jsonschema", check_sheet, "x check-jsonschema",
                         check_sheet / reference))
            rows.append(("  check with sheet / check-jsonschema", sheet_check, "x check-jsonschema",
                         sheet_check / reference))
        else:
            print("check-jsonschema not installed: its peer ratios are left out", file=sys.stderr)
        if reuse is not None:
            peer = start_up["reuse"]
            rows.append(("peer: reuse lint, one model", peer, "x python -c pass", peer / baseline))
            rows.append(("  check / reuse lint", check_one, "x reuse lint", check_one / peer))
            if zoos:
                size, zoo = max(zoos.items())
                peer_zoo = timed(reuse, "--root", str(zoo), "lint", repeat=3)
                rows.append((f"peer: reuse lint, monorepo of {size}", peer_zoo, "x python -c pass",
                             peer_zoo / baseline))
        else:
            print("reuse not installed: its peer ratios are left out", file=sys.stderr)

    loaded = registry.load()
    texts = [make_sample.newest_license(args.shared, license_id) for license_id in CURRENT]
    modified = [t.replace(b"You shall not refer", b"You shall refer", 1) for t in texts]
    rounds = 20

    def read_and_hash(blobs: list[bytes]) -> Callable[[], object]:
        return lambda: [hashlib.sha256(b).hexdigest() for b in blobs for _ in range(rounds)]

    def run_identify(blobs: list[bytes]) -> Callable[[], object]:  # uncached: the work itself
        return lambda: [identify(decode(b), loaded) for b in blobs for _ in range(rounds)]

    count = len(texts) * rounds
    hashing = median_seconds(read_and_hash(texts), args.repeat) / count
    exact = median_seconds(run_identify(texts), args.repeat) / count
    changed = median_seconds(run_identify(modified), args.repeat) / count
    rows.append(("sha256 of a license file's bytes", hashing, "1 (baseline)", 1.0))
    rows.append(("identify, exact text", exact, "x sha256", exact / hashing))
    rows.append(("identify, modified text", changed, "x sha256", changed / hashing))

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'median':>10}  ratio")
    for name, seconds, unit, ratio in rows:
        shown = f"{seconds * 1000:8.2f} ms" if seconds >= 0.001 else f"{seconds * 1e6:8.1f} us"
        print(f"{name:<{width}}  {shown:>10}  {ratio:8.3g} {unit}")
    print(f"identify throughput: {1 / exact:,.0f} exact texts/s, {1 / changed:,.0f} modified texts/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
