from __future__ import annotations

import pytest

from support import LICENSES


def pytest_configure(config: pytest.Config) -> None:
    if not (LICENSES / "manifest.json").is_file():
        raise pytest.UsageError(
            f"the published ModelGo texts are needed at {LICENSES} (set MODELGO_SHARED to the shared/ folder)"
        )
