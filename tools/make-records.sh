#!/usr/bin/env bash
# Fills a folder with many call records (varied copies of the test training room), for
# measuring `calmline xapi` on a training centre's worth of calls:
#   tools/make-records.sh DIR [RECORDS=20000] [TRAINEES=400]
# Builds without the game (no Bevy); CARGO_TARGET_DIR is respected.
set -euo pipefail
dir="${1:?usage: tools/make-records.sh DIR [RECORDS] [TRAINEES]}"
mkdir -p "$dir"
CALMLINE_BULK_DIR="$(cd "$dir" && pwd)" CALMLINE_BULK_RECORDS="${2:-20000}" CALMLINE_BULK_TRAINEES="${3:-400}" \
    cargo test --no-default-features --test trainer bulk::make_records -- --ignored --exact
