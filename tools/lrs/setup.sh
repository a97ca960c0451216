#!/usr/bin/env bash
# Installs Ralph, a Learning Record Store, into a Python virtualenv for the xAPI tests
# (`cargo test --test trainer lrs`). Safe to run again: an existing, working install is kept.
# The tests run it through tools/lrs/ralph-lrs.py, which makes its file-system backend
# append (as released it refuses every write after the first; see docs/records.md).
#
# The virtualenv goes to $CALMLINE_RALPH_VENV, default ~/.cache/calmline/ralph-venv.
# Needs python3 with the venv module (Debian: python3-venv) and access to PyPI.
set -euo pipefail

venv="${CALMLINE_RALPH_VENV:-$HOME/.cache/calmline/ralph-venv}"
python="${PYTHON:-python3}"
# The Ralph release the test was written against; override to try another.
spec="${CALMLINE_RALPH_SPEC:-ralph-malph[cli,lrs]==5.1.0}"

if [ -x "$venv/bin/ralph" ] && "$venv/bin/python" -c 'import ralph, requests, uvicorn; from ralph.backends.lrs.fs import FSLRSBackend' 2>/dev/null; then
    echo "Ralph is installed in $venv ($("$venv/bin/ralph" --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi

echo "Installing Ralph into $venv"
mkdir -p "$(dirname "$venv")"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "$spec" requests
"$venv/bin/ralph" --version
