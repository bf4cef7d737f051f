#!/usr/bin/env bash
# CPU of the hall display while the running text scrolls, and idle, measured
# from outside: the real queue-server (the built-in demo hospital) and the real
# display full screen on a 1920x1080 Xvfb (Mesa's software rendering, as on a
# small hall PC without a GPU driver). After a warm-up the display's CPU time
# over a window is read from /proc/PID/stat:
#   1. idle: connected, nothing called, no announcement (heartbeats and the clock only);
#   2. scrolling: a 400-character announcement (queuectl announce) runs across the ticker.
# Xvfb's own CPU is shown beside (it copies what the display presents).
#
# usage: bench/display_cpu.sh BUILD_DIR [--quick]
# Prints ROW lines (see bench/src/bench_support.hpp) on stdout.
set -uo pipefail

build="$(cd "${1:?usage: display_cpu.sh BUILD_DIR [--quick]}" && pwd)" || exit 2
window=20
warmup=5
[ "${2:-}" = "--quick" ] && { window=8; warmup=3; }
bin="$build/bin"
server_bin="${ANOMAN_BIN_DIR:-$bin}"  # queue-server and queuectl (another build, to compare)
scratch="$build/bench-scratch/display-cpu-$$"
mkdir -p "$scratch"
hz=$(getconf CLK_TCK)
pids_to_kill=()
scroll_target=5.0
idle_target=0.5

cleanup() {
    for pid in "${pids_to_kill[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids_to_kill[@]}"; do wait "$pid" 2>/dev/null; done
    rm -rf "$scratch"
}
trap cleanup EXIT

row() { printf 'ROW\tdisplay-cpu\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4"; }
not_measured() {
    row "display CPU, running text scrolling (1920x1080 Xvfb)" "not measured ($1)" "< ${scroll_target}% of one core" "-"
    row "display CPU, idle (1920x1080 Xvfb)" "not measured ($1)" "< ${idle_target}% of one core" "-"
    exit 0
}

# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# CPU of app_pid and xvfb_pid over the window: "app_percent xvfb_percent", or "exited".
measure() {
    local app0 x0 app1 x1
    app0=$(cpu_ticks "$app_pid"); x0=$(cpu_ticks "${xvfb_pid:-0}")
    sleep "$window"
    if ! kill -0 "$app_pid" 2>/dev/null; then echo "exited"; return; fi
    app1=$(cpu_ticks "$app_pid"); x1=$(cpu_ticks "${xvfb_pid:-0}")
    awk -v a=$((app1 - app0)) -v x=$((x1 - x0)) -v hz="$hz" -v w="$window" \
        'BEGIN { printf "%.2f %.2f\n", 100 * a / hz / w, 100 * x / hz / w }'
}

command -v xvfb-run >/dev/null || not_measured "no xvfb-run"
[ -x "$bin/display" ] || not_measured "no $bin/display; configure with -DANOMAN_BUILD_GUI=ON"
[ -x "$server_bin/queue-server" ] && [ -x "$server_bin/queuectl" ] || not_measured "no queue-server or queuectl"

(cd "$scratch" && exec "$server_bin/queue-server" --db "$scratch/queue.db" --port 0 --log-level warn \
    >"$scratch/server.out" 2>"$scratch/server.log") &
pids_to_kill+=("$!")
for _ in $(seq 1 100); do grep -q '^listening on' "$scratch/server.out" 2>/dev/null && break; sleep 0.1; done
server_port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$scratch/server.out")
[ -n "$server_port" ] || not_measured "queue-server did not start"

# Starts the display full screen under its own xvfb-run (extra environment
# in "$@"); sets runner, app_pid and xvfb_pid, and waits for its window.
start_display() {
    local pidfile="$scratch/display.pid.$RANDOM"
    env "$@" xvfb-run -a -s "-screen 0 1920x1080x24" sh -c '"$@" >"'"$scratch"'/display.log" 2>&1 & echo $! > "'"$pidfile"'"; wait' sh \
        "$bin/display" --server "127.0.0.1:$server_port" --fullscreen --no-audio &
    runner=$!
    pids_to_kill+=("$runner")
    for _ in $(seq 1 100); do [ -s "$pidfile" ] && break; sleep 0.1; done
    app_pid=$(cat "$pidfile" 2>/dev/null || true)
    [ -n "$app_pid" ] || not_measured "the display did not start"
    pids_to_kill=("$app_pid" "${pids_to_kill[@]}")
    xvfb_pid=$(pgrep -n -P "$runner" Xvfb || true)
    for _ in $(seq 1 100); do grep -q 'window open' "$scratch/display.log" 2>/dev/null && break; sleep 0.1; done
    sleep "$warmup"  # connected, snapshot applied, first frames drawn
}
stop_display() {
    kill "$app_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$app_pid" 2>/dev/null
    wait "$runner" 2>/dev/null
}
# A 400-character announcement: it runs across the ticker for 5 minutes.
announce() {
    local text
    text=$(printf 'Pengumuman: poliklinik gigi tutup pukul 12.00 hari ini. %.0s' $(seq 1 8) | cut -c1-400)
    "$server_bin/queuectl" --server "127.0.0.1:$server_port" announce "$text" >"$scratch/queuectl.out" 2>&1 ||
        not_measured "queuectl announce failed: $(head -c 200 "$scratch/queuectl.out")"
    sleep 1
}

start_display
read -r idle_app idle_x < <(measure)
announce
read -r scroll_app scroll_x < <(measure)
partial=$(grep -c 'partial frames' "$scratch/display.log")
stop_display
# The baseline in the same run: the same display drawing whole frames (as
# before the band, and as on a driver without GLX_MESA_copy_sub_buffer).
start_display ANOMAN_FULL_FRAMES=1
announce
read -r whole_app whole_x < <(measure)
stop_display

verdict() { awk -v a="$1" -v t="$2" 'BEGIN { print (a < t) ? "ok" : "MISSED" }'; }
if [ "$whole_app" = exited ]; then
    row "baseline: whole frames while it scrolls (ANOMAN_FULL_FRAMES=1)" "not measured (the display exited)" "-" "-"
else
    row "baseline: whole frames while it scrolls (ANOMAN_FULL_FRAMES=1)" "${whole_app}% of one core (its Xvfb ${whole_x}%)" "-" "-"
fi
if [ "$scroll_app" = exited ]; then
    row "display CPU, running text scrolling (1920x1080 Xvfb)" "not measured (the display exited)" "< ${scroll_target}% of one core" "-"
else
    ratio=$(awk -v a="$scroll_app" -v b="$whole_app" 'BEGIN { if (b > 0) printf "%.3fx", a / b; else print "-" }')
    how=$([ "$partial" -gt 0 ] && echo "band only" || echo "whole frames: no GLX_MESA_copy_sub_buffer")
    row "display CPU, running text scrolling (1920x1080 Xvfb)" \
        "${scroll_app}% of one core = ${ratio} of whole frames (${how}; its Xvfb ${scroll_x}%)" \
        "< ${scroll_target}% of one core" "$(verdict "$scroll_app" "$scroll_target")"
fi
if [ "$idle_app" = exited ]; then
    row "display CPU, idle (1920x1080 Xvfb)" "not measured (the display exited)" "< ${idle_target}% of one core" "-"
else
    row "display CPU, idle (1920x1080 Xvfb)" "${idle_app}% of one core (its Xvfb ${idle_x}%)" \
        "< ${idle_target}% of one core" "$(verdict "$idle_app" "$idle_target")"
fi
