#!/usr/bin/env bash
# Command 1 of the README: installs what is missing, builds, and starts the
# system on the built-in demo hospital: queue-server, and with a screen the
# kiosk, the hall display and the counter console of Loket 1. Ctrl-C stops all.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/deploy/install-deps.sh"
"$root/deploy/build.sh"
bin="${ANOMAN_BUILD_DIR:-$root/build}/bin"
data="${ANOMAN_DEMO_DIR:-$root/demo-data}"
mkdir -p "$data"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

port="${ANOMAN_DEMO_PORT:-7700}"
"$bin/queue-server" --db "$data/queue.db" --port "$port" > "$data/server.out" 2> >(tee -a "$data/server.log" >&2) &
pids+=($!)
for _ in $(seq 1 100); do
  grep -q "^listening on" "$data/server.out" 2>/dev/null && break
  sleep 0.1
done
if ! grep -q "^listening on" "$data/server.out" 2>/dev/null; then
  echo "run-demo: queue-server did not start (see $data/server.log); is port $port taken?" >&2
  exit 1
fi
echo "run-demo: $(head -1 "$data/server.out") (demo hospital, database $data/queue.db)"

server="127.0.0.1:$port"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  for program in display kiosk counter; do
    if [ -x "$bin/$program" ]; then
      "$bin/$program" --server "$server" --windowed >> "$data/$program.log" 2>&1 &
      pids+=($!)
      echo "run-demo: started $program (log: $data/$program.log)"
    fi
  done
else
  echo "run-demo: no screen (DISPLAY is not set): only the server runs."
fi
cat <<EOT
run-demo: try it from another terminal:
  $bin/queuectl --server $server issue A          # a patient takes a ticket (Pendaftaran BPJS)
  $bin/queuectl --server $server call --counter L1 # Loket 1 calls the next patient
  $bin/queuectl --server $server watch             # follow every event
Press Ctrl-C to stop.
EOT
wait "${pids[0]}"
