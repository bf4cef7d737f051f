#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz; tests/fuzz/README.md)
# and runs each for a while: 45 s by default (CI), longer by hand:
#   deploy/run-fuzz.sh 3600        # an hour each
# New inputs collect in build-fuzz/fuzz-corpus/<target>; a crash leaves its
# input in build-fuzz/fuzz-artifacts/ and fails the run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ANOMAN_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-45}"
jobs="$(nproc 2>/dev/null || echo 2)"
started=$SECONDS

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DANOMAN_BUILD_FUZZ=ON -DANOMAN_BUILD_GUI=OFF -DANOMAN_BUILD_TESTS=OFF -DANOMAN_BUILD_BENCH=OFF \
  -DANOMAN_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build "$build" --target fuzz_line_codec fuzz_config -j "$jobs"
built=$SECONDS
# One target per core: they run side by side.
(cd "$build" && ctest --output-on-failure --no-tests=error -j "$jobs" -L fuzz)
echo "run-fuzz: build $((built - started)) s, fuzzing $((SECONDS - built)) s (${seconds} s per target)"
