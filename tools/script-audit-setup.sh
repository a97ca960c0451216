#!/usr/bin/env bash
# Installs `hanzidentifier` (MIT; CC-CEDICT's character lists) into a Python virtualenv
# for tools/script-audit.py, the independent check of the Chinese scripts that
# `cargo test --test engine text` runs. Safe to run again.
#
# The virtualenv goes to $CALMLINE_SCRIPT_VENV, default ~/.cache/calmline/script-venv;
# the test finds it there (or set CALMLINE_PYTHON to another Python that has the package).
set -euo pipefail

venv="${CALMLINE_SCRIPT_VENV:-$HOME/.cache/calmline/script-venv}"
python="${PYTHON:-python3}"
spec="hanzidentifier==1.3.0"

if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import hanzidentifier' 2>/dev/null; then
    echo "hanzidentifier is installed in $venv"
    exit 0
fi
echo "Installing $spec into $venv"
mkdir -p "$(dirname "$venv")"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet "$spec"
