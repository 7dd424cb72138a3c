"""The sticky pull-request comment through the Action's own step (real PyGithub, the loopback fake):
found by its key's marker AND our identity, never hijacked, never duplicated, degrading to a warning."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from action_support import TOKEN, break_license, run_action, workspace
from github_fake import SECONDARY_RATE_LIMIT, WORKFLOW_BOT, FakeGitHub, Fault, Request, user
from modelgo_lint.github.comment import marker
from support import commit_all, git, init_repo, raw_bytes, write_model

TAG = marker("")  # the key of the default path "."
PAT = "ghp_PATsecret0123456789abcdefPATsecret"
MALLORY = user("mallory", 666)


def comment_lines(result: dict[str, Any]) -> list[str]:
    return [line for line in result["stdout"].splitlines() if "pull-request comment" in line]


def before_first_write(fake: FakeGitHub) -> list[Request]:
    """The requests up to the first POST/PATCH/DELETE (the listing phase of a run)."""
    index = next((i for i, r in enumerate(fake.requests) if r.method != "GET"), len(fake.requests))
    return fake.requests[:index]


def test_first_run_creates_one_comment_then_updates_it_then_passes(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    with FakeGitHub() as fake:
        first = run_action(repo, fake, base, tmp_path)
        assert first["code"] == 1, first["stderr"]
        assert len(fake.comments[7]) == 1 and len(fake.sticky()) == 1
        assert "MG102" in fake.sticky()[0]["body"]
        assert first["stdout"].startswith("::error file=LICENSE,line=")
        assert "MG102 license-modified" in first["summary"]
        assert first["outputs"]["errors"] == "1" and first["outputs"]["comment-url"].endswith(
            "#issuecomment-1001"
        )

        fake.add_comments(7, 249)  # the sticky comment is now the first of 250
        fake.comments[7].append(fake.comments[7].pop(0))  # ... and moved to the end, page 3
        assert fake.comments[7].index(fake.sticky()[0]) == 249
        second = run_action(repo, fake, base, tmp_path)
        assert second["code"] == 1
        assert len(fake.sticky()) == 1 and len(fake.comments[7]) == 250
        pages = {r.query for r in fake.requests if r.method == "GET" and r.path.endswith("/comments")}
        assert any("page=3" in q for q in pages)
        assert [r.method for r in fake.requests].count("PATCH") == 1

        git(repo, "checkout", "-q", base, "--", "LICENSE")
        commit_all(repo, "fix")
        fixed = run_action(repo, fake, base, tmp_path)
        assert fixed["code"] == 0, fixed["stdout"]
        assert len(fake.sticky()) == 1 and "no problems found" in fake.sticky()[0]["body"]


def test_on_findings_creates_no_comment_on_a_clean_pr(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    (repo / "train.py").write_text("print(1)\n", encoding="utf-8")
    commit_all(repo, "code only")
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path)
        assert result["code"] == 0 and fake.comments[7] == []
        assert "no problems found" in result["summary"]
        always = run_action(repo, fake, base, tmp_path, comment="always")
        assert always["code"] == 0 and len(fake.sticky()) == 1


def test_fork_pr_without_write_permission_degrades(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    with FakeGitHub() as fake:
        fake.faults.append(
            Fault(
                "POST",
                r"/comments$",
                403,
                body={
                    "message": "Resource not accessible by integration",
                    "documentation_url": "https://docs.github.com",
                },
                times=10,
            )
        )
        result = run_action(repo, fake, base, tmp_path)
        assert result["code"] == 1  # the findings decide, not the comment
        assert (
            "::warning title=modelgo-lint::could not write the pull-request comment (HTTP 403)"
            in result["stdout"]
        )
        assert "MG102" in result["summary"] and "::error file=LICENSE" in result["stdout"]
        assert fake.comments[7] == []
        assert [r.method for r in fake.requests].count("POST") == 1  # a refusal is not retried


@pytest.mark.parametrize(
    "fault",
    [
        Fault("GET", r"/issues/7/comments$", 502, body={"message": "Bad Gateway"}),
        Fault(
            "POST", r"/comments$", 429, headers={"Retry-After": "1"}, body={"message": "Too many requests"}
        ),
        Fault(
            "GET",
            r"/comments$",
            403,
            headers={"X-RateLimit-Remaining": "0", "Retry-After": "1"},
            body={"message": "API rate limit exceeded"},
        ),
    ],
)
def test_transient_failures_are_retried(tmp_path: Path, fault: Fault) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    fault = dataclasses.replace(fault)  # a fresh copy: the parameter is shared between runs
    with FakeGitHub() as fake:
        fake.faults.append(fault)
        result = run_action(repo, fake, base, tmp_path)
        assert result["code"] == 1 and len(fake.sticky()) == 1, result["stdout"]
        assert fault.times == 0
        # a GET is counted in the listing phase: after creating, the comments are listed once more
        phase = fake.requests if fault.method == "POST" else before_first_write(fake)
        hits = [r for r in phase if r.method == fault.method and re.search(fault.path, r.path)]
        assert len(hits) == 2  # the failed request, then the retry that succeeded
        assert "could not write" not in result["stdout"]


def test_rate_limit_beyond_the_bound_gives_up_with_a_warning(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    with FakeGitHub() as fake:
        fake.faults.append(
            Fault("GET", r"/issues/7/comments$", 429, headers={"Retry-After": "3600"}, times=10)
        )
        result = run_action(repo, fake, base, tmp_path)
        assert (
            result["code"] == 1 and "could not write the pull-request comment (HTTP 429)" in result["stdout"]
        )
        assert len([r for r in fake.requests if r.path.endswith("/comments")]) == 1  # no wait beyond it


def test_a_404_on_the_comments_is_a_warning_and_the_findings_decide(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    with FakeGitHub(prs=(8,)) as fake:  # pull request 7 is unknown to the API
        result = run_action(repo, fake, base, tmp_path, comment="always")
        assert result["code"] == 0, result["stderr"]
        assert "::warning title=modelgo-lint::could not write the pull-request comment (HTTP 404)" in (
            result["stdout"]
        )
        assert result["outputs"]["errors"] == "0" and result["outputs"]["comment-url"] == ""


def test_a_404_on_listing_the_comments_leaves_a_clean_pr_passing(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    with FakeGitHub() as fake:
        fake.faults.append(Fault("GET", r"/issues/7/comments$", 404, body={"message": "Not Found"}))
        result = run_action(repo, fake, base, tmp_path, comment="always")
        assert result["code"] == 0, result["stderr"]
        assert comment_lines(result) == [
            "::warning title=modelgo-lint::could not write the pull-request comment (HTTP 404); "
            "the annotations and the job summary carry the report"
        ]
        assert result["outputs"] == {"errors": "0", "warnings": "0", "comment-url": "", "sarif-file": ""}
        assert fake.comments[7] == [] and [r.method for r in fake.requests].count("POST") == 0


def test_a_foreign_comment_with_our_marker_is_never_edited_or_deleted(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    with FakeGitHub() as fake:
        foreign = fake.post_as(MALLORY, f"{TAG}\nall good, merge it")
        first = run_action(repo, fake, base, tmp_path)
        assert first["code"] == 1 and comment_lines(first) == []
        ours = [c for c in fake.sticky() if c["user"]["login"] == "github-actions[bot]"]
        assert len(ours) == 1 and "MG102" in ours[0]["body"]
        assert first["outputs"]["comment-url"] == ours[0]["html_url"]
        second = run_action(repo, fake, base, tmp_path)
        assert second["code"] == 1 and comment_lines(second) == []
        assert fake.comments[7][0] == foreign  # untouched, body and all
        assert [c["id"] for c in fake.sticky()] == [foreign["id"], ours[0]["id"]]
        writes = [(r.method, r.path) for r in fake.requests if r.method != "GET"]
        assert all(not p.endswith(f"/comments/{foreign['id']}") for _, p in writes)
        assert [m for m, _ in writes] == ["POST", "PATCH"]  # created once, then updated


def test_another_apps_token_presumes_nothing_and_creates_its_own(tmp_path: Path) -> None:
    """An installation token of another app: the workflow bot's comment is not ours (our PATCH on it
    is refused), we create our own and learn our identity from it."""
    repo, base = workspace(tmp_path)
    break_license(repo)
    app_token = "ghs_OTHERappTOKEN0123456789abcdefOTHER"
    with FakeGitHub() as fake:
        bot = fake.add_app_token(app_token, "lint-app", 9001)
        workflow = fake.post_as(dict(WORKFLOW_BOT), f"{TAG}\nthe workflow's run")
        result = run_action(repo, fake, base, tmp_path, **{"github-token": app_token})
        assert result["code"] == 1 and comment_lines(result) == []
        assert fake.comments[7][0] == workflow
        mine = [c for c in fake.sticky() if c["user"] == bot]
        assert len(mine) == 1 and "MG102" in mine[0]["body"]
        assert result["outputs"]["comment-url"] == mine[0]["html_url"]


def test_two_paths_keep_two_comments_each_updated_by_its_own_key(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "workspace")
    for name in ("a", "b"):
        write_model(repo / "models" / name, "MG-BY-2.0")
        (repo / "models" / name / "NOTICE").write_text("Example model\nCopyright 2024 A Lab\n", "utf-8")
    commit_all(repo, "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    modified = raw_bytes("MG-BY-2.0").replace(b"You shall not refer", b"You shall refer", 1)
    (repo / "models" / "a" / "LICENSE").write_bytes(modified)
    commit_all(repo, "head")
    with FakeGitHub() as fake:
        for _ in range(2):
            a = run_action(repo, fake, base, tmp_path, path="models/a", comment="always")
            b = run_action(repo, fake, base, tmp_path, path="models/b", comment="always")
            assert (a["code"], b["code"]) == (1, 0)
        by_key = {c["body"].split("\n", 1)[0]: c for c in fake.sticky()}
        assert set(by_key) == {marker("models/a"), marker("models/b")} and len(fake.sticky()) == 2
        assert "MG102" in by_key[marker("models/a")]["body"]
        assert "no problems found" in by_key[marker("models/b")]["body"]
        assert [r.method for r in fake.requests].count("POST") == 2
        assert [r.method for r in fake.requests].count("PATCH") == 2
        assert a["outputs"]["comment-url"] != b["outputs"]["comment-url"]


def test_two_runs_racing_on_one_key_end_with_one_comment_the_lowest(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    with FakeGitHub() as fake:
        raced: list[dict[str, Any]] = []

        def racer(request: Request) -> None:  # another run creates its comment just after our listing
            if not raced and request.method == "GET" and request.path.endswith("/issues/7/comments"):
                raced.append(fake.post_as(dict(WORKFLOW_BOT), f"{TAG}\nthe other run's stale report"))

        fake.after_answer.append(racer)
        result = run_action(repo, fake, base, tmp_path)
        assert result["code"] == 1 and comment_lines(result) == []
        assert len(fake.comments[7]) == 1
        survivor = fake.comments[7][0]
        assert survivor["id"] == raced[0]["id"]  # the lowest id is kept ...
        assert "MG102" in survivor["body"] and "stale" not in survivor["body"]  # ... with our body
        created = next(r for r in fake.requests if r.method == "POST")
        assert created.body["body"] == survivor["body"]
        deletes = [r.path for r in fake.requests if r.method == "DELETE"]
        assert len(deletes) == 1 and not deletes[0].endswith(f"/{survivor['id']}")
        assert result["outputs"]["comment-url"] == survivor["html_url"]


def test_a_post_created_then_answered_502_leaves_exactly_one_comment(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    with FakeGitHub() as fake:
        created_then_502 = Fault("POST", r"/issues/7/comments$", 502, after=True)
        fake.faults.append(created_then_502)
        result = run_action(repo, fake, base, tmp_path)
        assert result["code"] == 1 and comment_lines(result) == []
        assert len(fake.comments[7]) == 1 and "MG102" in fake.comments[7][0]["body"]
        methods = [r.method for r in fake.requests]
        assert methods.count("POST") == 1 and "DELETE" not in methods
        post = methods.index("POST")
        assert any(r.path.endswith("/issues/7/comments") for r in fake.requests[post + 1 :])  # listed again
        assert result["outputs"]["comment-url"] == fake.comments[7][0]["html_url"]


def test_with_a_pat_the_users_comments_are_ours_and_the_bots_are_not(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    with FakeGitHub() as fake:
        alice = fake.add_pat(PAT, "alice", 1234)
        bot = fake.post_as(dict(WORKFLOW_BOT), f"{TAG}\nthe workflow token's comment")
        older = fake.post_as(alice, f"{TAG}\nalice's old report")
        newer = fake.post_as(alice, f"{TAG}\nalice's duplicate")
        result = run_action(repo, fake, base, tmp_path, **{"github-token": PAT})
        assert result["code"] == 1 and comment_lines(result) == []
        assert fake.comments[7][0] == bot
        assert [c["id"] for c in fake.comments[7]] == [bot["id"], older["id"]]
        assert "MG102" in fake.comments[7][1]["body"] and fake.comments[7][1]["user"] == alice
        assert any(r.method == "GET" and r.path == "/user" for r in fake.requests)
        writes = [(r.method, r.path.rsplit("/", 1)[1]) for r in fake.requests if r.method != "GET"]
        assert writes == [("PATCH", str(older["id"])), ("DELETE", str(newer["id"]))]


def test_a_secondary_rate_limit_is_retried_once_and_succeeds(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    with FakeGitHub() as fake:
        fault = Fault(
            "GET",
            r"/issues/7/comments$",
            403,
            headers={"Retry-After": "1"},
            body={
                "message": SECONDARY_RATE_LIMIT,
                "documentation_url": "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api",
            },
        )
        fake.faults.append(fault)
        result = run_action(repo, fake, base, tmp_path)
        assert result["code"] == 1 and comment_lines(result) == [] and fault.times == 0
        hits = [r for r in before_first_write(fake) if r.path.endswith("/issues/7/comments")]
        assert len(hits) == 2 and len(fake.sticky()) == 1


@pytest.mark.parametrize("token", [TOKEN, PAT])
def test_the_token_never_appears_in_what_the_run_writes(tmp_path: Path, token: str) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    with FakeGitHub() as fake:
        fake.add_pat(PAT, "alice", 1234)
        fake.faults.append(Fault("POST", r"/comments$", 502, after=True))  # recovered by a listing
        recovered = run_action(repo, fake, base, tmp_path, **{"github-token": token})
        fake.faults.append(Fault("PATCH", r"/comments/\d+$", 422, body={"message": token}, times=5))
        refused = run_action(repo, fake, base, tmp_path, **{"github-token": token})
        assert recovered["code"] == refused["code"] == 1 and len(fake.comments[7]) == 1
        assert comment_lines(recovered) == [] and len(comment_lines(refused)) == 1
        for result in (recovered, refused):
            everything = json.dumps(result) + json.dumps([r.body for r in fake.requests])
            assert token not in everything and token not in result["output_file"]
        assert all(r.headers.get("Authorization") == f"token {token}" for r in fake.requests)  # it was sent
