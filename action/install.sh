#!/usr/bin/env bash
# The Action's environment (action.yml): `install.sh key` prints the cache key and the venv's path
# (to $GITHUB_OUTPUT), `install.sh install` reuses a restored venv whose marker holds that key and
# whose interpreter imports the package, or builds it anew: the hash-pinned lock
# (action/requirements.txt, refreshed by scripts/lock_action.py), then the action's own checkout
# without dependencies or build isolation. Needs python3 (>= 3.10, with venv) on PATH.
set -euo pipefail
mode="${1:?usage: install.sh key|install}"
: "${ACTION_PATH:?}" "${RUNNER_TEMP:?}"
venv="$RUNNER_TEMP/modelgo-lint-venv"
lock="$ACTION_PATH/action/requirements.txt"
if [ -n "${GITHUB_OUTPUT:-}" ]; then exec 3>>"$GITHUB_OUTPUT"; else exec 3>&1; fi  # step outputs

key() {
  local python files
  # the interpreter: its version, build and real path (a venv links to it)
  python="$(python3 -c 'import os, platform, sys; print(platform.python_implementation(), sys.version.replace(chr(10), " "), os.path.realpath(sys.executable))')"
  # the action's files that end up in the venv (the commit alone says nothing for a local `uses: ./`)
  files="$(cd "$ACTION_PATH" && find pyproject.toml action modelgo_lint schemas -type f \
    ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum)"
  printf '%s\n' "v1" "${ACTION_REF:-}" "$python" "$venv" "$(sha256sum <"$lock")" "$files" "hub=${INPUT_HUB:-false}" |
    sha256sum | cut -c1-40
}

# the venv is reused only when its marker holds this key and its interpreter imports what the lint step needs
reusable() {
  [ -f "$venv/.modelgo-lint-key" ] && [ "$(cat "$venv/.modelgo-lint-key")" = "$1" ] &&
    "$venv/bin/python" -c 'import modelgo_lint.cli, yaml, jsonschema, github' >/dev/null 2>&1 &&
    { [ "${INPUT_HUB:-false}" != true ] || "$venv/bin/python" -c 'import huggingface_hub' >/dev/null 2>&1; }
}

case "$mode" in
  key)
    k="$(key)"
    python_version="$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    printf 'key=modelgo-lint-venv-%s-%s-py%s-%s\nvenv=%s\n' "${RUNNER_OS:-Linux}" "${RUNNER_ARCH:-X64}" \
      "$python_version" "$k" "$venv" >&3
    ;;
  install)
    k="$(key)"
    if reusable "$k"; then
      echo "modelgo-lint: reusing the cached environment $venv"
      echo "reused=true" >&3
      exit 0
    fi
    rm -rf "$venv"
    # the runner's pip, when it can install into another interpreter (pip >= 22.3), spares the venv
    # its own copy of pip (ensurepip: seconds); otherwise the venv gets one
    if python3 -m pip --help 2>/dev/null | grep -q -- '--python <'; then
      python3 -m venv --without-pip "$venv"
      pip=(python3 -m pip --python "$venv/bin/python")
    else
      python3 -m venv "$venv"
      pip=("$venv/bin/python" -m pip)
    fi
    pip+=(--quiet --disable-pip-version-check --no-input)
    "${pip[@]}" install --require-hashes --no-deps -r "$lock"
    "${pip[@]}" install --no-deps --no-build-isolation "$ACTION_PATH"
    if [ "${INPUT_HUB:-false}" = true ]; then
      # the optional Hub lookup (input hub): huggingface_hub is not in the hash-pinned lock
      "${pip[@]}" install "huggingface_hub>=0.20"
    fi
    printf '%s\n' "$k" >"$venv/.modelgo-lint-key"  # last: a half-built venv is never reused
    echo "reused=false" >&3
    ;;
  *)
    echo "usage: install.sh key|install" >&2
    exit 2
    ;;
esac
