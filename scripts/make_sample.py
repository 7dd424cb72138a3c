#!/usr/bin/env python3
"""Assemble a sample model repository from ../shared (no license prose is committed anywhere).

    python scripts/make_sample.py build/sample-model                 # one model, MG-BY-NC-2.0
    python scripts/make_sample.py build/zoo --models 2000            # a monorepo of model folders
    python scripts/make_sample.py build/sample --license MG-BY-2.0 --modified

The single model gets a MODEL_SHEET.yaml with the official rows (``--no-sheet`` to leave it out);
the folders of a monorepo get none unless ``--sheet`` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def newest_license(shared: Path, license_id: str) -> bytes:
    licenses = shared / "modelgo-licenses"
    entries = [e for e in json.loads((licenses / "manifest.json").read_text("utf-8"))["revisions"]
               if e["kind"] == "license" and e["id"] == license_id]
    if not entries:
        raise SystemExit(f"no published text of {license_id} under {licenses}")
    newest = max(entries, key=lambda e: (e["first_seen"], e["last_seen"], e["file"]))
    return (licenses / newest["file"]).read_bytes()


def sheet_text(license_id: str, name: str) -> str:
    from modelgo_lint.licenses import registry
    from modelgo_lint.sheets.template import MODEL, render_yaml

    return render_yaml(license_id, registry.load()).replace(MODEL, name, 1)


def write_model(folder: Path, license_text: bytes, license_id: str, name: str, sheet: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "LICENSE").write_bytes(license_text)
    (folder / "README.md").write_text(
        "---\n"
        "license: other\n"
        f"license_name: {license_id.lower()}\n"
        "license_link: LICENSE\n"
        "---\n\n"
        f"# {name}\n\n"
        f"This model is licensed under the ModelGo license ({license_id}); see LICENSE.\n\n"
        "Copyright 2025 Example Lab\n",
        encoding="utf-8",
    )
    (folder / "NOTICE").write_text(f"{name}\nCopyright 2025 Example Lab\n", encoding="utf-8")
    (folder / "config.json").write_text('{"architectures": ["TinyModel"], "hidden_size": 8}\n', "utf-8")
    (folder / "model.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ")
    if sheet:
        (folder / "MODEL_SHEET.yaml").write_text(sheet_text(license_id, name), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--license", default="MG-BY-NC-2.0", dest="license_id")
    parser.add_argument("--models", type=int, default=0, help="make a monorepo of this many model folders")
    parser.add_argument("--modified", action="store_true", help="change one word of the license text")
    parser.add_argument("--sheet", action=argparse.BooleanOptionalAction, default=None,
                        help="write MODEL_SHEET.yaml (default: for a single model only)")
    args = parser.parse_args(argv)
    text = newest_license(args.shared, args.license_id)
    if args.modified:
        text = text.replace(b"You shall not refer", b"You shall refer", 1)
    if args.models:
        for index in range(args.models):
            write_model(args.target / "models" / f"model-{index:05d}", text, args.license_id,
                        f"Model {index}", sheet=bool(args.sheet))
    else:
        write_model(args.target, text, args.license_id, "Sample model", sheet=args.sheet is not False)
    print(f"wrote {args.target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
