"""Fuzzing the event reader (issue 13): any event name and any payload (JSON of any shape, or
bytes that are not JSON) is an Event or a UsageError, nothing else."""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from modelgo_lint.engine import UsageError
from modelgo_lint.github.action import PR_EVENTS, Event, read_event

SHA = "a" * 40
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
           | st.sampled_from([SHA, "0" * 40, "7; rm -rf /", -1, 0, 7, 2**70]))
KEYS = st.sampled_from(["pull_request", "number", "base", "head", "sha", "merge_group", "base_sha",
                        "head_sha", "before", "after", "created", "repository"]) | st.text(max_size=8)
VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=40,
)
NAMES = st.sampled_from([*PR_EVENTS, "merge_group", "push", "workflow_dispatch", "schedule", ""]) | st.text(
    max_size=10)
RAW = (VALUES.map(lambda v: json.dumps(v).encode()) | st.binary(max_size=200)
       | st.integers(1, 5000).map(lambda depth: b"[" * depth + b"]" * depth)
       | st.integers(1, 200_000).map(lambda depth: b'{"a":' * depth))


def _read(name: str, raw: bytes, repository: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "event.json")
        with open(path, "wb") as handle:
            handle.write(raw)
        env = {"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": path, "GITHUB_REPOSITORY": repository,
               "GITHUB_SHA": SHA}
        try:
            event = read_event(env)
        except UsageError as error:
            assert str(error)
            return
        assert isinstance(event, Event)
        assert event.pr_number is None or (isinstance(event.pr_number, int) and event.pr_number > 0)


@given(NAMES, RAW, st.sampled_from(["owner/repo", "", "a/b/c", "x\ny"]))
def test_any_payload_is_an_event_or_a_usage_error(name: str, raw: bytes, repository: str) -> None:
    _read(name, raw, repository)


@given(st.sampled_from([*PR_EVENTS, "merge_group", "push"]), VALUES)
def test_payloads_shaped_like_the_event(name: str, inner: Any) -> None:
    payload = {"pull_request": {"number": inner, "base": inner, "head": {"sha": inner}},
               "merge_group": inner, "before": inner, "after": inner, "created": inner}
    _read(name, json.dumps(payload).encode(), "owner/repo")
