#!/usr/bin/env bash
# Command 2 of the README: installs what is missing, builds, runs every test
# (unit, integration against the real queue-server, GUI smoke tests under Xvfb),
# then the server's unit and conformance tests again under ASan + UBSan
# (deploy/run-sanitized-tests.sh) and each libFuzzer target for a short time
# (deploy/run-fuzz.sh), and clang-tidy with the repository's .clang-tidy
# (deploy/run-clang-tidy.sh). The build treats compiler warnings as errors
# (-DANOMAN_WERROR=ON). ANOMAN_SKIP_SANITIZED=1, ANOMAN_SKIP_FUZZ=1 or
# ANOMAN_SKIP_TIDY=1 leave those out of a quick local run; CI runs everything.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/deploy/install-deps.sh"
"$root/deploy/build.sh" -DANOMAN_WERROR=ON
build="${ANOMAN_BUILD_DIR:-$root/build}"
started=$SECONDS
(cd "$build" && ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" "$@")
echo "run-tests: the main suite took $((SECONDS - started)) s"
if [ "${ANOMAN_SKIP_SANITIZED:-0}" != 1 ]; then "$root/deploy/run-sanitized-tests.sh"; fi
if [ "${ANOMAN_SKIP_FUZZ:-0}" != 1 ]; then "$root/deploy/run-fuzz.sh"; fi
if [ "${ANOMAN_SKIP_TIDY:-0}" != 1 ]; then "$root/deploy/run-clang-tidy.sh" "$build"; fi
