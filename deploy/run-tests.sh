#!/usr/bin/env bash
# Command 2 of the README: installs what is missing, builds, runs every test
# (unit, integration against the real queue-server, GUI smoke tests under Xvfb).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/deploy/install-deps.sh"
"$root/deploy/build.sh"
build="${ANOMAN_BUILD_DIR:-$root/build}"
cd "$build"
ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" "$@"
