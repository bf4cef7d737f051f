#!/usr/bin/env bash
# Idle CPU of the hall display and the kiosk under Xvfb: each program runs in
# its own xvfb-run against a real queue-server (the built-in demo hospital),
# connected and idle (nobody touches the kiosk, nobody calls a number; the
# display still gets heartbeats and ticks its clock). After a warm-up, its
# CPU time over a window is read from /proc. The baseline in the same run is
# xclock with a seconds hand (-update 1) under the same Xvfb setup: an X
# client that redraws once a second.
#
# usage: bench/idle_gui_cpu.sh BUILD_DIR [--quick]
# Prints ROW lines (see bench/src/bench_support.hpp) on stdout.
set -uo pipefail

build="${1:?usage: idle_gui_cpu.sh BUILD_DIR [--quick]}"
window=20
warmup=6
[ "${2:-}" = "--quick" ] && { window=8; warmup=4; }
bin="$build/bin"
scratch="$build/bench-scratch/idle-gui-$$"
mkdir -p "$scratch"
hz=$(getconf CLK_TCK)
pids_to_kill=()

cleanup() {
    for pid in "${pids_to_kill[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids_to_kill[@]}"; do wait "$pid" 2>/dev/null; done
    rm -rf "$scratch"
}
trap cleanup EXIT

row() { printf 'ROW\tidle\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4"; }

# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# Starts "$@" under its own xvfb-run; sets runner (xvfb-run), app_pid (the program)
# and xvfb_pid (its X server).
start_under_xvfb() {
    local pidfile="$scratch/app.pid.$RANDOM"
    xvfb-run -a -s "-screen 0 1920x1080x24" sh -c '"$@" >/dev/null 2>&1 & echo $! > "'"$pidfile"'"; wait' sh "$@" &
    runner=$!
    pids_to_kill+=("$runner")
    for _ in $(seq 1 100); do [ -s "$pidfile" ] && break; sleep 0.1; done
    app_pid=$(cat "$pidfile" 2>/dev/null || true)
    xvfb_pid=$(pgrep -n -P "$runner" Xvfb || pgrep -n -f "Xvfb.*-screen 0 1920x1080x24" || true)
    [ -n "$app_pid" ] && pids_to_kill+=("$app_pid")
}

# Measures app_pid and xvfb_pid over the window; prints "app_percent xvfb_percent app_rss_mb".
measure() {
    sleep "$warmup"
    local app0 x0 app1 x1
    app0=$(cpu_ticks "$app_pid"); x0=$(cpu_ticks "${xvfb_pid:-0}")
    sleep "$window"
    if ! kill -0 "$app_pid" 2>/dev/null; then echo "exited"; return; fi
    app1=$(cpu_ticks "$app_pid"); x1=$(cpu_ticks "${xvfb_pid:-0}")
    local rss_kb
    rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$app_pid/status" 2>/dev/null || echo 0)
    awk -v a=$((app1 - app0)) -v x=$((x1 - x0)) -v hz="$hz" -v w="$window" -v r="${rss_kb:-0}" \
        'BEGIN { printf "%.2f %.2f %.0f\n", 100 * a / hz / w, 100 * x / hz / w, r / 1024 }'
}

stop_app() {
    kill "$app_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$app_pid" 2>/dev/null
    wait "$runner" 2>/dev/null  # xvfb-run stops its Xvfb once the program is gone
}

if ! command -v xvfb-run >/dev/null; then
    row "display idle CPU under Xvfb" "not measured (no xvfb-run)" "< 2% of one core" "-"
    row "kiosk idle CPU under Xvfb" "not measured (no xvfb-run)" "< 2% of one core" "-"
    exit 0
fi

# The baseline: xclock ticking once a second, same Xvfb setup.
baseline="not measured (no xclock)"
if command -v xclock >/dev/null; then
    start_under_xvfb xclock -update 1
    read -r app xvfb rss < <(measure)
    baseline="${app}% of one core (its Xvfb ${xvfb}%; RSS ${rss} MB)"
    stop_app
fi
row "baseline: xclock -update 1 under Xvfb" "$baseline" "-" "-"

# A server for the programs to talk to: the demo hospital on a free port.
server_port=""
if [ -x "$bin/queue-server" ]; then
    (cd "$scratch" && exec "$bin/queue-server" --db "$scratch/queue.db" --port 0 --log-level warn \
        >"$scratch/server.out" 2>"$scratch/server.log") &
    pids_to_kill+=("$!")
    for _ in $(seq 1 100); do grep -q '^listening on' "$scratch/server.out" 2>/dev/null && break; sleep 0.1; done
    server_port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$scratch/server.out")
fi

for program in display kiosk; do
    metric="$program idle CPU under Xvfb"
    if [ ! -x "$bin/$program" ]; then
        row "$metric" "not measured (no $bin/$program; configure with -DANOMAN_BUILD_GUI=ON)" "< 2% of one core" "-"
        continue
    fi
    if [ -z "$server_port" ]; then
        row "$metric" "not measured (queue-server did not start)" "< 2% of one core" "-"
        continue
    fi
    extra=(--no-audio)
    [ "$program" = kiosk ] && extra=(--printer none --state-dir "$scratch")
    start_under_xvfb "$bin/$program" --server "127.0.0.1:$server_port" --windowed --size 1280x720 "${extra[@]}"
    if [ -z "$app_pid" ]; then
        row "$metric" "not measured (did not start)" "< 2% of one core" "-"
        continue
    fi
    read -r app xvfb rss < <(measure)
    if [ "$app" = "exited" ]; then
        row "$metric" "not measured (exited during the run)" "< 2% of one core" "-"
    else
        verdict=$(awk -v a="$app" 'BEGIN { print (a < 2.0) ? "ok" : "MISSED" }')
        row "$metric" "${app}% of one core (its Xvfb ${xvfb}%; RSS ${rss} MB)" "< 2% of one core" "$verdict"
    fi
    stop_app
done
