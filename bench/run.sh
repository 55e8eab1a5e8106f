#!/usr/bin/env bash
# wangge benchmarks on the city preset (沈阳市, ~9M residents). Not part of the tests.
# See bench/README.md for what each figure means. Prints a table of figures, each a ratio to a
# ceiling measured in the same run (or an absolute latency target), with PASS/MISS.
#
#   bench/run.sh                      every part (seeds bench/.data/city.db once: minutes)
#   BENCH_ONLY=import,http,appeals,masstest  run some parts (comma-separated)
#   BENCH_RESIDENTS=100000            import only the first N residents (quick check)
#   BENCH_APPEALS=1000000             appeals generated for the appeals part
#   BENCH_DURATION=10s BENCH_REPEAT=3  wrk duration and repetitions (median taken)
#   BENCH_BUILD_DIR, BENCH_DATA_DIR   where to build and keep data (default build-bench, bench/.data)
#   BENCH_WANGGE=PATH                 measure this wangge binary instead of building one
#   BENCH_PROFILE=1                   also perf-record the server under each registry endpoint
#                                     and print where its time goes (bench/perf_categories.py)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
LOAD_START=$(load)
PROFILES=()

# ---- build -------------------------------------------------------------------------------------
log "building in $BUILD"
if [[ ! -f $BUILD/build.ninja ]]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DWANGGE_BUILD_BENCH=ON -DWANGGE_BUILD_TESTS=OFF \
        -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
TARGETS=(bench_hello_restinio bench_hello_wangge bench_import_ceiling bench_scan_ceiling bench_pg_scan_ceiling)
if [[ -n ${BENCH_WANGGE:-} ]]; then
    WANGGE=$BENCH_WANGGE
else
    TARGETS+=(wangge)
    WANGGE=$BUILD/src/app/wangge
fi
ninja -C "$BUILD" -j2 "${TARGETS[@]}" >&2
HELLO=$BUILD/bench/bench_hello_restinio
HELLO_WANGGE=$BUILD/bench/bench_hello_wangge
CEILING=$BUILD/bench/bench_import_ceiling

# ---- the seeded city (cached in $DATA) ------------------------------------------------------------
CITY_DB=$DATA/city.db
if [[ ! -f $CITY_DB ]]; then
    log "seeding the city into $CITY_DB (once; takes minutes)"
    rm -f "$CITY_DB.tmp" "$CITY_DB.tmp-wal" "$CITY_DB.tmp-shm"
    (cd "$ROOT" && "$WANGGE" seed --preset city --db "sqlite:$CITY_DB.tmp" >&2)
    mv "$CITY_DB.tmp" "$CITY_DB"
fi

# ---- the parts ------------------------------------------------------------------------------------
for part in import http appeals masstest; do
    if wants "$part"; then
        log "== part $part"
        source "$ROOT/bench/parts/$part.sh"
    fi
done

# ---- table --------------------------------------------------------------------------------------
echo
echo "wangge benchmarks — $(date -Is), $(nproc) cores, load average at start $LOAD_START, at end $(load)"
printf '%-48s %14s %14s %8s\n' "figure" "value" "target" "result" "------" "-----" "------" "------"
cat "$WORK/table"
for f in "${PROFILES[@]}"; do
    echo
    cat "$f"
done
