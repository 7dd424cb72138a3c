from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, settings

from support import LICENSES

# Fuzzing kept in the project (issue 13): the property-based tests that do not set max_examples
# take it from the profile. The default keeps the suite fast; MODELGO_LINT_FUZZ=1 runs the long
# profile (2,000 inputs per target), MODELGO_LINT_FUZZ=N runs N per target.
settings.register_profile("modelgo-default", max_examples=15, deadline=None)
_FUZZ = os.environ.get("MODELGO_LINT_FUZZ", "")
settings.register_profile(
    "modelgo-fuzz",
    max_examples=int(_FUZZ) if _FUZZ.isdigit() and int(_FUZZ) > 1 else 2_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_CACHE = pytest.StashKey[str]()

settings.load_profile("modelgo-fuzz" if _FUZZ and _FUZZ != "0" else "modelgo-default")


def pytest_configure(config: pytest.Config) -> None:
    # the per-user cache (compiled patterns, official texts) is the suite's own, not the user's
    cache = tempfile.mkdtemp(prefix="modelgo-lint-test-cache-")
    config.stash[_CACHE] = cache
    os.environ["XDG_CACHE_HOME"] = cache
    os.environ.pop("MODELGO_LINT_CACHE_DIR", None)
    if not (LICENSES / "manifest.json").is_file():
        raise pytest.UsageError(
            f"the published ModelGo texts are needed at {LICENSES} (set MODELGO_SHARED to the shared/ folder)"
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    cache = config.stash.get(_CACHE, None)
    if cache is not None:
        from modelgo_lint import lazyre

        lazyre.save()  # now, so that nothing is written there at exit
        shutil.rmtree(cache, ignore_errors=True)
