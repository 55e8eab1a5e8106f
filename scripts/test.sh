#!/usr/bin/env bash
# README command 2: every test — C++ unit tests, the storage contract suite on SQLite and
# PostgreSQL, HTTP and scope tests, the web unit tests, and the browser test against a
# freshly seeded demo district. Installs and starts what it needs.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
passed=0
failed=0
failures=()
step() {  # step NAME COMMAND…: runs a suite, counts it
    local name=$1; shift
    echo "=== $name"
    if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

scripts/setup.sh --test || exit 1
scripts/build.sh || exit 1
(cd web && npm run build --silent) || exit 1

# A throwaway PostgreSQL for the contract suite.
pg_dsn=$(scripts/pg-test-server.sh | tail -n 1) || exit 1
export WANGGE_TEST_PG=$pg_dsn
echo "PostgreSQL for tests: $WANGGE_TEST_PG"

step "C++ tests (ctest)" ctest --test-dir build --output-on-failure -j2
step "web unit tests (vitest)" bash -c "cd web && npm test --silent"

# Browser test: a seeded demo district served on a free port.
e2e_dir=$(mktemp -d)
e2e() {
    local db="sqlite:$e2e_dir/e2e.db"
    build/src/app/wangge seed --preset district --seed 7 --db "$db" >"$e2e_dir/seed.log" 2>&1 || {
        cat "$e2e_dir/seed.log"; return 1; }
    build/src/app/wangge serve --db "$db" --port 0 --web web/dist >"$e2e_dir/serve.log" 2>&1 &
    local pid=$!
    local url=""
    for _ in $(seq 1 100); do
        url=$(grep -o 'http://[0-9.:]*/' "$e2e_dir/serve.log" | head -n 1)
        [[ -n "$url" ]] && break
        sleep 0.1
    done
    if [[ -z "$url" ]]; then cat "$e2e_dir/serve.log"; kill $pid; return 1; fi
    WANGGE_URL=$url WANGGE_E2E_USER=xintie WANGGE_E2E_PASSWORD=wangge2022 \
        node --test tests/e2e/*.e2e.mjs
    local rc=$?
    kill $pid; wait $pid 2>/dev/null
    return $rc
}
step "browser test (playwright-core + chromium)" e2e
rm -rf "$e2e_dir"

echo
if ((failed)); then echo "failed suites: ${failures[*]}"; fi
echo "suites: $passed passed, $failed failed"
((failed == 0))
