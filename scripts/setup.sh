#!/usr/bin/env bash
# Installs what wangge needs on a fresh Debian 12 machine. Idempotent and quick when nothing
# is missing. Usage: scripts/setup.sh [--test]   (--test adds PostgreSQL, Chromium and CJK fonts)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build ccache pkg-config
          libsqlite3-dev libpq-dev libsodium-dev nlohmann-json3-dev libexpected-dev libcli11-dev libfmt-dev
          librestinio-dev libasio-dev libhttp-parser-dev libxlsxwriter-dev libmimalloc-dev libgtest-dev libgmock-dev)
if [[ "${1:-}" == "--test" ]]; then
    packages+=(postgresql chromium fonts-noto-cjk libbenchmark-dev wrk)
fi
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when the lock file changed since the last install (it wipes node_modules).
npm_ci() {
    local dir=$1
    if [[ ! -f "$dir/node_modules/.package-lock.json" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
        echo "setup: npm ci in $dir" >&2
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}
npm_ci web
npm_ci data/divisions
