"""The built wheel, installed in a fresh virtual environment, carries its data and works."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from support import LICENSES, PROJECT, newest_entry


@pytest.mark.slow
def test_wheel_installs_and_identifies(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(PROJECT)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = dist.glob("modelgo_lint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "modelgo_lint/licenses/data/index.py" in names and "modelgo_lint/py.typed" in names
    for data in ("index.py", "blocks.json", "sheets.py", "other_licenses.py",
                 "model-sheet.schema.json",
                 "config.schema.json"):
        assert sum(name.endswith("/" + data) for name in names) == 1, data  # each exactly once
    assert "modelgo_lint/schemas/model-sheet.schema.json" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=600)
    entry = newest_entry("MG-BY-RAI-2.0")
    proc = subprocess.run([str(bin_dir / "modelgo-lint"), "identify", str(LICENSES / entry["file"])],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert f'canonical MG-BY-RAI-2.0 "{entry["version_line"]}"' in proc.stdout
    schema = subprocess.run([str(bin_dir / "modelgo-lint"), "schema"], cwd=tmp_path, capture_output=True,
                            timeout=60)
    published = (PROJECT / "schemas" / "model-sheet.schema.json").read_bytes()
    assert schema.returncode == 0 and schema.stdout == published  # the top-level file, byte for byte
