#!/usr/bin/env bash
# Configures and builds wangge into build/. Usage: scripts/build.sh [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f build/build.ninja ]]; then
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
if (($#)); then
    cmake --build build --target "$@"
else
    cmake --build build
fi
