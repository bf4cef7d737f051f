#!/usr/bin/env bash
# clang-tidy with the repository's .clang-tidy over the project's own sources
# (common, queue-server, kiosk, display, counter: what HeaderFilterRegex names),
# from the build's compile_commands.json. Any finding fails the run: the
# checks are ones that catch real bugs, so a finding is fixed (or, with a
# reason in a comment, silenced with NOLINT(check) on that line), never left.
# Tests, benchmarks, fuzz targets and third-party sources (the ImGui backends)
# are not checked. Called by deploy/run-tests.sh; ANOMAN_SKIP_TIDY=1 leaves
# it out of a quick local run.
#
# Time: a file costs 10-30 s of CPU (Asio and the JSON library are parsed
# each time), the whole tree (~150 files) about 25 CPU-minutes. So by default
# only the files changed since the branch left main are checked (a changed
# header through the two sources nearest to it that include it), which keeps
# a change's CI to minutes;
# ANOMAN_TIDY_ALL=1 checks everything (before a release, after a tidy upgrade).
# ANOMAN_TIDY_LIST=1 lists the files and stops.
# ANOMAN_TIDY_BASE names another base. Without it the base is the commit in
# .ci/tidy-base, where main stood when the work now landing began (each landing
# moves it): on main itself (CI's clean checkout) there is no branch to compare
# with, and this way CI checks what the landing changed. Else main.
#   deploy/run-clang-tidy.sh [BUILD_DIR]      (default: $ANOMAN_BUILD_DIR or ./build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-${ANOMAN_BUILD_DIR:-$root/build}}"
jobs="${ANOMAN_TIDY_JOBS:-2}"
tidy="$(command -v clang-tidy || command -v clang-tidy-14 || true)"
if [ -z "$tidy" ]; then
  echo "run-clang-tidy: clang-tidy is not installed (deploy/install-deps.sh installs it)" >&2
  exit 1
fi
if [ ! -f "$build/compile_commands.json" ]; then
  echo "run-clang-tidy: no $build/compile_commands.json: configure the build first (deploy/build.sh)" >&2
  exit 1
fi
# Headers the build generates (embedded web pages) must exist before checking.
cmake --build "$build" --target anoman_server >/dev/null

# Which files changed (nothing listed: check all).
changed=""
if [ "${ANOMAN_TIDY_ALL:-0}" != 1 ]; then
  base="${ANOMAN_TIDY_BASE:-main}"
  if [ -z "${ANOMAN_TIDY_BASE:-}" ] && [ -f "$root/.ci/tidy-base" ]; then
    recorded="$(tr -d '[:space:]' < "$root/.ci/tidy-base")"
    git -C "$root" cat-file -e "$recorded^{commit}" 2>/dev/null && base="$recorded"
  fi
  if fork="$(git -C "$root" merge-base HEAD "$base" 2>/dev/null)"; then
    changed="$( (git -C "$root" diff --name-only "$fork"; git -C "$root" diff --name-only; \
                 git -C "$root" ls-files --others --exclude-standard) | sort -u)"
    [ -n "$changed" ] || { echo "run-clang-tidy: nothing changed since $base"; exit 0; }
    echo "run-clang-tidy: the files changed since $base (ANOMAN_TIDY_ALL=1: all)"
  else
    # A checkout without the base branch (an exported tree, a CI clone of one
    # commit): nothing to compare with. The whole tree takes about 25 CPU-minutes
    # on 2 cores, so it is only checked when asked (ANOMAN_TIDY_ALL=1).
    echo "run-clang-tidy: no branch \"$base\" to compare with: skipped (ANOMAN_TIDY_ALL=1 checks all files)"
    exit 0
  fi
fi

# The project's own translation units, from the compilation database: all of
# them, or those changed and two includers of each changed header.
mapfile -t files < <(CHANGED="$changed" python3 - "$build/compile_commands.json" "$root" <<'PY'
import json, os, re, sys
database, root = sys.argv[1], os.path.realpath(sys.argv[2])
own = ("common/", "queue-server/", "kiosk/", "display/", "counter/")
changed = [line for line in os.environ.get("CHANGED", "").splitlines() if line]
sources = {c for c in changed if not c.endswith((".hpp", ".h"))}
headers = [c for c in changed if c.endswith((".hpp", ".h"))]
units, seen = [], set()
for entry in json.load(open(database)):
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    relative = os.path.relpath(path, root)
    if relative.startswith(own) and path not in seen:
        seen.add(path)
        units.append((path, relative))
if not changed:
    for path, _ in units:
        print(path)
    sys.exit(0)
# A changed header is checked through the translation units that include it:
# its findings show in any of them (HeaderFilterRegex), so two suffice, the
# ones nearest to it. (Every includer would be most of the tree for a header
# such as engine.hpp, 10-30 s of CPU each.)
chosen = {path for path, relative in units if relative in sources}
texts = {}
for path, _ in units:
    try:
        texts[path] = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        texts[path] = ""
for header in headers:
    name = os.path.basename(header)
    pattern = re.compile(r'#include\s+[<"]([^">]*/)?' + re.escape(name) + r'[">]')
    includers = []
    for path, relative in units:
        if pattern.search(texts[path]):
            includers.append((os.path.dirname(relative) != os.path.dirname(header).replace("/include/anoman", "/src"), relative, path))
    for _, _, path in sorted(includers)[:2]:
        chosen.add(path)
for path, _ in units:
    if path in chosen:
        print(path)
PY
)

[ ${#files[@]} -gt 0 ] || { echo "run-clang-tidy: no changed source to check"; exit 0; }
if [ "${ANOMAN_TIDY_LIST:-0}" = 1 ]; then printf '%s\n' "${files[@]}"; exit 0; fi  # which files, without checking
echo "run-clang-tidy: ${#files[@]} files, $jobs at a time ($("$tidy" --version | grep -o 'version [0-9.]*'))"
started=$SECONDS
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# --quiet: only findings; -w: the compiler's own warnings are the build's business (-Werror), not tidy's.
printf '%s\0' "${files[@]}" |
  xargs -0 -P "$jobs" -I{} sh -c \
    '"$1" -p "$2" --quiet --extra-arg=-w "$3" >"$4/$(echo "$3" | md5sum | cut -c1-16).log" 2>&1 || true' \
    _ "$tidy" "$build" {} "$out"
findings="$(cat "$out"/*.log | grep -E '^/.*: (warning|error): ' | sort -u || true)"
echo "run-clang-tidy: took $((SECONDS - started)) s"
if [ -n "$findings" ]; then
  cat "$out"/*.log | grep -vE '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter' >&2 || true
  echo "run-clang-tidy: $(echo "$findings" | wc -l) findings (above); fix them" >&2
  exit 1
fi
echo "run-clang-tidy: no findings"
