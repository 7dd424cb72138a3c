#!/usr/bin/env python3
"""Speed figures as ratios against fixed baselines measured in the same run (design §8).

    python scripts/benchmark.py [--models 2000] [--repeat 5]

Baselines: ``python -c pass`` for whole commands; reading and hashing the same files for the
in-process identify throughput. Ratios survive a noisy machine better than seconds do.
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
from collections.abc import Callable
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


def command(*args: str) -> Callable[[], object]:
    return lambda: subprocess.run(args, check=False, capture_output=True)


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


def github_entry(repo: Path, tmp: Path, repeat: int) -> float:
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
        action = [sys.executable, "-m", "modelgo_lint", "github", "--comment", "always"]
        return median_seconds(
            lambda: subprocess.run(action, env=env, capture_output=True, check=False), repeat
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--commits", type=int, default=5000, help="history length for the retention figure")
    parser.add_argument("--shared", type=Path, default=make_sample.DEFAULT_SHARED)
    args = parser.parse_args(argv)

    from modelgo_lint.licenses import registry
    from modelgo_lint.licenses.matcher import identify
    from modelgo_lint.repo.reader import decode

    rows: list[tuple[str, float, str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one"
        with_sheet = Path(tmp) / "with-sheet"
        zoo = Path(tmp) / "zoo"
        make_sample.main([str(one), "--shared", str(args.shared), "--no-sheet"])
        make_sample.main([str(with_sheet), "--shared", str(args.shared), "--sheet"])
        make_sample.main([str(zoo), "--models", str(args.models), "--shared", str(args.shared)])
        python = sys.executable
        baseline = median_seconds(command(python, "-c", "pass"), args.repeat)
        check_one = median_seconds(command(python, "-m", "modelgo_lint", "check", str(one)), args.repeat)
        check_zoo = median_seconds(
            command(python, "-m", "modelgo_lint", "check", str(zoo)), max(2, args.repeat // 2)
        )
        rows.append(("python -c pass", baseline, "1 (baseline)", 1.0))
        rows.append(("check, one model", check_one, "x python -c pass", check_one / baseline))
        sheet_check = median_seconds(
            command(python, "-m", "modelgo_lint", "check", str(with_sheet)), args.repeat
        )
        rows.append(
            (
                "check, one model with MODEL_SHEET.yaml",
                sheet_check,
                "x python -c pass",
                sheet_check / baseline,
            )
        )
        checker = shutil.which("check-jsonschema")
        if checker is not None:
            schema = str(ROOT / "schemas" / "model-sheet.schema.json")
            reference = median_seconds(
                command(checker, "--schemafile", schema, str(with_sheet / "MODEL_SHEET.yaml")), args.repeat
            )
            rows.append(
                (
                    "check-jsonschema --schemafile schemas/model-sheet.schema.json MODEL_SHEET.yaml",
                    reference,
                    "x python -c pass",
                    reference / baseline,
                )
            )
            rows.append(
                (
                    "  check with sheet / check-jsonschema",
                    sheet_check,
                    "x check-jsonschema",
                    sheet_check / reference,
                )
            )
        else:
            print(
                "check-jsonschema not installed (pip install -e '.[test]'): comparison skipped",
                file=sys.stderr,
            )
        short = history_repo(Path(tmp) / "short-history", 2, args.shared)
        long = history_repo(Path(tmp) / "long-history", args.commits, args.shared)
        for repo in (short, long):
            (repo / "NOTICE").write_text("Sample model\n", encoding="utf-8")  # a removed notice: MG301
        retention_short = median_seconds(
            command(python, "-m", "modelgo_lint", "check", "--base", "HEAD~1", str(short)), args.repeat
        )
        retention_long = median_seconds(
            command(python, "-m", "modelgo_lint", "check", "--base", "HEAD~1", str(long)), args.repeat
        )
        rows.append(
            (
                "check --base HEAD~1, 2 commits",
                retention_short,
                "x python -c pass",
                retention_short / baseline,
            )
        )
        rows.append(
            (
                f"check --base HEAD~1, {args.commits} commits",
                retention_long,
                "x 2-commit repository",
                retention_long / retention_short,
            )
        )
        check_short = median_seconds(command(python, "-m", "modelgo_lint", "check", str(short)), args.repeat)
        entry = github_entry(short, Path(tmp), args.repeat)
        rows.append(
            (
                "github entry, one model, fake GitHub (comment)",
                entry,
                "x check, same repository",
                entry / check_short,
            )
        )
        rows.append(
            (f"check, monorepo of {args.models} models", check_zoo, "x python -c pass", check_zoo / baseline)
        )
        rows.append(
            (
                "  per model folder",
                check_zoo / args.models,
                "x python -c pass",
                check_zoo / args.models / baseline,
            )
        )

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
