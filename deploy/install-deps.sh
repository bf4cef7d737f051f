#!/usr/bin/env bash
# Installs the Debian packages Si Anoman needs to build, run and test.
# Safe to run again: it installs only what is missing. Uses sudo when not root.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake pkg-config git
  # libraries (DESIGN.md "Dependencies")
  libboost-dev libsqlite3-dev nlohmann-json3-dev libcli11-dev libspdlog-dev
  libhowardhinnant-date-dev tzdata libqrencode-dev
  libimgui-dev libstb-dev libglfw3-dev libgl-dev
  libespeak-ng-dev espeak-ng-data libpulse-dev libasound2-dev
  doctest-dev libbenchmark-dev
  fonts-dejavu-core
  # running and testing: screens under Xvfb, speech and sound, the clock
  xvfb xauth x11-apps xdotool imagemagick sox espeak-ng faketime
  sqlite3 netcat-openbsd procps
  # packaging (cmake/packaging.cmake, tests/deploy): shlibdeps, man pages, unit checks, lintian
  dpkg-dev help2man systemd lintian
  # OpenSSL: token SHA-256, the protocol's optional TLS (listen.tls) and BPJS reporting
  # (HMAC-SHA256, AES-256-CBC, HTTPS to BPJS; required by queue-server)
  libssl-dev
  # fuzzing (tests/fuzz): clang and its libFuzzer runtime; static checks (deploy/run-clang-tidy.sh)
  clang libclang-rt-14-dev clang-tidy
  # the web door (docs/web.md): dashboard passwords (Argon2id), charts served
  # locally, and the real browser of its tests
  libsodium-dev libjs-chart.js chromium
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
