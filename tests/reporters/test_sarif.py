"""SARIF for code scanning: rule docs behind every helpUri, fingerprints that survive new base
commits, GitHub's 25,000-results cap, encoded URIs; and the one home URL the project names."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from modelgo_lint import HOME_URL
from modelgo_lint.engine import Report
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.reporters import sarif
from modelgo_lint.rules import RULES
from support import PROJECT, SHARED, cli, commit_all, git, init_repo, write_model

SCHEMA = json.loads((SHARED / "external-schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))


def _validate(document: object) -> None:
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(document)


def test_every_rule_has_a_help_page_that_exists() -> None:
    document = json.loads(sarif.render(Report((), 0, 0)))
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    for rule in rules:
        assert rule["helpUri"] == f"{HOME_URL}/blob/main/docs/rules/{rule['id']}.md"
        page = PROJECT / "docs" / "rules" / f"{rule['id']}.md"
        assert page.read_text("utf-8").startswith(f"# {rule['id']} {rule['name']}\n")


def test_rule_docs_are_fresh() -> None:
    proc = subprocess.run([sys.executable, str(PROJECT / "scripts" / "build_rule_docs.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


def test_the_home_url_is_written_once() -> None:
    urls = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["project"]["urls"]
    assert urls["Homepage"] == HOME_URL and all(u.startswith(HOME_URL + "/") for k, u in urls.items()
                                                if k != "Homepage")
    slug = HOME_URL.removeprefix("https://github.com/")
    texts = [PROJECT / "README.md", PROJECT / ".pre-commit-hooks.yaml", *PROJECT.glob("examples/**/*.yml")]
    uses = 0
    for path in texts:
        text = path.read_text("utf-8")
        for url in re.findall(r"https://github\.com/[\w.-]+/modelgo-lint\b", text):
            assert url == HOME_URL, path
        for action in re.findall(r"uses: ([\w.-]+/modelgo-lint)@", text):
            assert action == slug, path
            uses += 1
    assert uses >= 4
    readme = (PROJECT / "README.md").read_text("utf-8")
    assert f"  - repo: {HOME_URL}\n" in readme  # the pre-commit snippet installs from the home URL


def _retention_sarif(tmp_path: Path, extra_commits: int) -> list[dict[str, object]]:
    repo = init_repo(tmp_path / f"repo{extra_commits}")
    write_model(repo, "MG-BY-2.0")
    (repo / "NOTICE").write_text("Example model\nCopyright 2024 A Lab\nTrained by B\n", encoding="utf-8")
    commit_all(repo, "base")
    for index in range(extra_commits):  # another base commit, same content
        (repo / "train.py").write_text(f"print({index})\n", encoding="utf-8")
        commit_all(repo, f"code {index}")
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "NOTICE").write_text("Example model\n\n\nTrained by B\n", encoding="utf-8")  # lines move too
    (repo / "README.md").write_text("# Example model\n", encoding="utf-8")
    run = cli("check", "--format", "sarif", "--base", base, ".", cwd=repo)
    assert run.code == 1, run.err
    document = json.loads(run.out)
    _validate(document)
    results: list[dict[str, object]] = document["runs"][0]["results"]
    assert base in json.dumps(results)  # the messages name the base commit: the fingerprints must not
    return results


def test_fingerprints_survive_a_new_base_commit(tmp_path: Path) -> None:
    first = _retention_sarif(tmp_path, 0)
    second = _retention_sarif(tmp_path, 2)
    assert {r["ruleId"] for r in first} >= {"MG301", "MG207"}

    def prints(results: list[dict[str, object]]) -> list[tuple[object, object]]:
        return sorted((r["ruleId"], r["partialFingerprints"]) for r in results)  # type: ignore[index]

    assert prints(first) == prints(second)


def test_fingerprints_tell_different_findings_apart() -> None:
    a = Finding("LICENSE", 3, 1, "MG102", "LICENSE is a modified copy of MG-BY-2.0")
    b = Finding("LICENSE", 3, 1, "MG102", "LICENSE is a modified copy of MG-BY-NC-2.0")
    c = Finding("models/a/LICENSE", 3, 1, "MG102", "LICENSE is a modified copy of MG-BY-2.0")
    d = Finding("LICENSE", 3, 1, "MG102", "LICENSE is a modified copy of MG-BY-1.0")  # the version counts
    assert len({sarif.fingerprint(f) for f in (a, b, c, d)}) == 4
    # what moves with an edit elsewhere or a new base does not count
    moved = Finding("LICENSE", 9, 1, "MG102", "LICENSE is a modified copy of MG-BY-2.0 (96.5% similar)")
    again = Finding("LICENSE", 12, 1, "MG102", "LICENSE is a modified copy of MG-BY-2.0 (91.0% similar)")
    assert sarif.fingerprint(moved) == sarif.fingerprint(again)
    retained = Finding("NOTICE", 0, 0, "MG301", "NOTICE:3 at 0123abcd4567 was removed")
    later = Finding("NOTICE", 0, 0, "MG301", "NOTICE:5 at fedc3210ba98 was removed")
    assert sarif.fingerprint(retained) == sarif.fingerprint(later)


def test_results_are_capped_at_githubs_limit_most_severe_first() -> None:
    findings = [Finding(f"m{i:05d}/LICENSE", 0, 0, "MG104", "x", Severity.INFO) for i in range(25_010)]
    findings.append(Finding("zz/LICENSE", 1, 1, "MG102", "modified"))
    document = json.loads(sarif.render(Report(tuple(sorted(findings)), 1, 1)))
    run = document["runs"][0]
    assert len(run["results"]) == sarif.MAX_RESULTS
    assert any(r["ruleId"] == "MG102" for r in run["results"])  # the error is kept
    note = run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert note.startswith("11 more results are not included")


def test_uris_are_percent_encoded() -> None:
    names = ["my model/LICENSE", "a<b>/LICENSE", "x\ny/LICENSE", "caf\u00e9/LICENSE", "bad\udcff/LICENSE"]
    findings = tuple(Finding(n, 0, 0, "MG104", "m", Severity.INFO) for n in names)
    document = json.loads(sarif.render(Report(findings, 1, 1)))
    _validate(document)
    results = document["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert set(uris) == {"my%20model/LICENSE", "a%3Cb%3E/LICENSE", "x%0Ay/LICENSE", "caf%C3%A9/LICENSE",
                         "bad%FF/LICENSE"}
    assert all(re.fullmatch(r"[A-Za-z0-9%/._~-]+", u) for u in uris)
