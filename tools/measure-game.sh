#!/usr/bin/env bash
# Measures the game on this machine, as a trainee would run it:
#   - time from launch to the first frame drawn (the first screen, captured and saved),
#   - CPU used while a call waits for the trainee's reply (no countdown, and with one),
#   - peak memory (resident set) over a whole call played to the debrief.
#
# Usage:  tools/measure-game.sh [path/to/calmline]      (default: target/release/calmline)
#         RECORDS=DIR tools/measure-game.sh …   also times the first screen of a known trainee
#         (the call list with their best scores) with DIR as the records folder against an
#         empty one; make DIR with  tools/make-records.sh DIR 20000 400  (a year of a room).
# Needs:  xvfb-run, xdotool and GNU time (Debian: xvfb xauth xdotool time mesa-vulkan-drivers
#         libvulkan1 libx11-6 libxcursor1 libxi6 libxrandr2 libxkbcommon-x11-0). Without a display
#         the script runs itself under Xvfb with Mesa's software Vulkan.
# It is a measurement, not a test: it prints figures and never fails on them.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/target/release/calmline}"
bin="$(realpath "$bin")"
if [[ ! -x "$bin" ]]; then
    echo "no game binary at $bin: build it with  cargo build --release" >&2
    exit 2
fi
if [[ -z "${DISPLAY:-}" ]]; then
    exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$bin"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CALMLINE_CONFIG_DIR="$work/config"
ticks="$(getconf CLK_TCK)"
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

echo "binary: $bin"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo

# 1. Launch to first frame: the first screen is captured in its first frame and saved.
echo "== launch to first frame (5 runs) =="
times=()
for i in 1 2 3 4 5; do
    png="$work/first-$i.png"
    start=$(now_ms)
    "$bin" play --screenshot "$png" --records "$work/records" >/dev/null 2>&1
    end=$(now_ms)
    [[ -s "$png" ]] || { echo "run $i: no screenshot was saved" >&2; continue; }
    times+=($(( end - start )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "launch -> first frame saved and program exited: ${sorted[*]} ms (median ${sorted[2]} ms)"
echo

# 1b. The same for a trainee the game knows, whose first screen is the call list with
#     their best scores, read from the records folder.
launches() {
    local records="$1" label="$2" times=() i start end
    for i in 1 2 3 4 5; do
        rm -f "$work/list.png"
        start=$(now_ms)
        "$bin" play --screenshot "$work/list.png" --records "$records" --trainee "Trainee 0001" --lang en \
            >/dev/null 2>&1
        end=$(now_ms)
        [[ -s "$work/list.png" ]] || { echo "$label run $i: no screenshot was saved" >&2; continue; }
        times+=($(( end - start )))
    done
    local sorted=($(printf '%s\n' "${times[@]}" | sort -n))
    echo "$label: ${sorted[*]} ms (median ${sorted[2]} ms)"
}
if [[ -n "${RECORDS:-}" ]]; then
    echo "== launch to the call list of a known trainee (5 runs each) =="
    mkdir -p "$work/empty-records"
    launches "$work/empty-records" "empty records folder"
    launches "$(realpath "$RECORDS")" "$(find "$RECORDS" -maxdepth 1 -name '*.json' | wc -l) records in $RECORDS"
    echo
fi

# A call to wait in: the fixture refund call, and a copy with a 60-second countdown.
dialogues="$work/dialogues"
cp -r "$here/tests/fixtures/game/dialogues" "$dialogues"
sed -e 's/id: "refund"/id: "refund-timed"/' -e 's/^\(    difficulty: .*\)$/\1\n    time_limit: 60.0,/' \
    "$dialogues/en/refund.ron" > "$dialogues/en/refund-timed.ron"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# Starts a call, answers it, waits, and measures the game's CPU over 10 seconds.
idle() {
    local scenario="$1" what="$2"
    # A fresh records folder: the journal a killed run leaves would be announced next time.
    "$bin" play --dialogues "$dialogues" --records "$work/records-$scenario" --trainee Measure --lang en \
        --scenario "$scenario" >/dev/null 2>&1 &
    local pid=$!
    local wid
    wid="$(xdotool search --sync --pid "$pid" --name Calmline | head -1)"
    sleep 2
    xdotool windowfocus --sync "$wid"
    xdotool key --window "$wid" Return
    sleep 5
    local a b
    a=$(cpu_ticks "$pid")
    sleep 10
    b=$(cpu_ticks "$pid")
    local rss
    rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    awk -v d=$(( b - a )) -v t="$ticks" -v w="$what" -v r="$rss" \
        'BEGIN { printf "%-34s CPU %5.1f%% over 10 s   peak RSS %d MB\n", w, 100 * d / t / 10, r / 1024 }'
}

echo "== CPU while the call waits for a reply (5 s after answering, then 10 s; 100% = one core) =="
idle refund "no time limit"
idle refund-timed "60 s countdown running"
echo

echo "== peak memory over a whole call played to the debrief (shipped dialogues, autoplay best) =="
/usr/bin/time -f "%M" -o "$work/peak" "$bin" play --autoplay best --screenshot "$work/debrief.png" \
    --records "$work/records" >/dev/null 2>&1
echo "peak RSS $(( $(cat "$work/peak") / 1024 )) MB"
