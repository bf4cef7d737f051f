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

build="${1:?usage: display_cpu.sh BUILD_DIR [--quick]}"
window=20
warmup=5
[ "${2:-}" = "--quick" ] && { window=8; warmup=3; }
bin="$build/bin"
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
[ -x "$bin/queue-server" ] && [ -x "$bin/queuectl" ] || not_measured "no queue-server or queuectl"

(cd "$scratch" && exec "$bin/queue-server" --db "$scratch/queue.db" --port 0 --log-level warn \
    >"$scratch/server.out" 2>"$scratch/server.log") &
pids_to_kill+=("$!")
for _ in $(seq 1 100); do grep -q '^listening on' "$scratch/server.out" 2>/dev/null && break; sleep 0.1; done
server_port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$scratch/server.out")
[ -n "$server_port" ] || not_measured "queue-server did not start"

pidfile="$scratch/display.pid"
xvfb-run -a -s "-screen 0 1920x1080x24" sh -c '"$@" >"'"$scratch"'/display.log" 2>&1 & echo $! > "'"$pidfile"'"; wait' sh \
    "$bin/display" --server "127.0.0.1:$server_port" --fullscreen --no-audio &
runner=$!
pids_to_kill+=("$runner")
for _ in $(seq 1 100); do [ -s "$pidfile" ] && break; sleep 0.1; done
app_pid=$(cat "$pidfile" 2>/dev/null || true)
[ -n "$app_pid" ] || not_measured "the display did not start"
pids_to_kill=("$app_pid" "${pids_to_kill[@]}")
xvfb_pid=$(pgrep -n -P "$runner" Xvfb || true)
# The hall is live once the display logged its window and the snapshot arrived.
for _ in $(seq 1 100); do grep -q 'window open' "$scratch/display.log" 2>/dev/null && break; sleep 0.1; done

sleep "$warmup"
read -r idle_app idle_x < <(measure)

text=$(printf 'Pengumuman: poliklinik gigi tutup pukul 12.00 hari ini. %.0s' $(seq 1 8) | cut -c1-400)
if ! "$bin/queuectl" --server "127.0.0.1:$server_port" announce "$text" >"$scratch/queuectl.out" 2>&1; then
    row "display CPU, running text scrolling (1920x1080 Xvfb)" "not measured (queuectl announce failed: $(head -c 200 "$scratch/queuectl.out"))" \
        "< ${scroll_target}% of one core" "-"
    scroll_app=""
else
    sleep 1
    read -r scroll_app scroll_x < <(measure)
fi

verdict() { awk -v a="$1" -v t="$2" 'BEGIN { print (a < t) ? "ok" : "MISSED" }'; }
if [ -n "$scroll_app" ]; then
    if [ "$scroll_app" = exited ]; then
        row "display CPU, running text scrolling (1920x1080 Xvfb)" "not measured (the display exited)" "< ${scroll_target}% of one core" "-"
    else
        row "display CPU, running text scrolling (1920x1080 Xvfb)" "${scroll_app}% of one core (its Xvfb ${scroll_x}%)" \
            "< ${scroll_target}% of one core" "$(verdict "$scroll_app" "$scroll_target")"
    fi
fi
if [ "$idle_app" = exited ]; then
    row "display CPU, idle (1920x1080 Xvfb)" "not measured (the display exited)" "< ${idle_target}% of one core" "-"
else
    row "display CPU, idle (1920x1080 Xvfb)" "${idle_app}% of one core (its Xvfb ${idle_x}%)" \
        "< ${idle_target}% of one core" "$(verdict "$idle_app" "$idle_target")"
fi
