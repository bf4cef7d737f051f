#!/usr/bin/env bash
# The server's unit, conformance and Mobile JKN tests again, built with AddressSanitizer
# and UndefinedBehaviorSanitizer (CMakePresets.json "debug": build-debug, no
# GUI, no benchmarks). The tests start queue-server itself, so the server runs
# sanitized too. Any sanitizer report, from a test or from a server it
# started, fails the run, even one a test did not notice (reports are
# written to files and looked for afterwards).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ANOMAN_ASAN_BUILD_DIR:-$root/build-debug}"
jobs="$(nproc 2>/dev/null || echo 2)"
started=$SECONDS

cmake -S "$root" -B "$build" --preset debug -DANOMAN_BUILD_GUI=OFF -DANOMAN_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --target server_tests -j "$jobs"
built=$SECONDS

reports="$build/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
# verify_asan_link_order=0: some tests run the server under faketime (LD_PRELOAD before ASan).
export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:strict_string_checks=1:verify_asan_link_order=0"
export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1"
status=0
(cd "$build" && ctest --output-on-failure --no-tests=error -j "$jobs" -R '^(server_unit_test|field_bounds_test|conform_[a-z]+_test|jkn_[a-z_]+_test)$') || status=$?

if compgen -G "$reports/*" >/dev/null; then
  echo "run-sanitized-tests: sanitizer reports:" >&2
  for report in "$reports"/*; do
    echo "== $report" >&2
    head -n 60 "$report" >&2
  done
  status=1
fi
echo "run-sanitized-tests: build $((built - started)) s, tests $((SECONDS - built)) s"
exit "$status"
