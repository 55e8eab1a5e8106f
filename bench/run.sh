#!/usr/bin/env bash
# wangge benchmarks on the city preset (沈阳市, ~9M residents). Not part of the tests.
# See bench/README.md for what each figure means. Prints a table of figures, each a ratio to a
# ceiling measured in the same run, with targets and PASS/MISS.
#
#   bench/run.sh                      full city (seeds bench/.data/city.db once: minutes)
#   BENCH_RESIDENTS=100000 bench/run.sh   import only the first N residents (quick check)
#   BENCH_ONLY=import|http            run one part
#   BENCH_DURATION=10s BENCH_REPEAT=3  wrk duration and repetitions (median taken)
#   BENCH_BUILD_DIR, BENCH_DATA_DIR   where to build and keep data (default build-bench, bench/.data)
#   BENCH_WANGGE=PATH                 measure this wangge binary instead of building one
#   BENCH_PROFILE=1                   also perf-record the server under each endpoint and print
#                                     where its time goes (bench/perf_categories.py)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BENCH_BUILD_DIR:-$ROOT/build-bench}
DATA=${BENCH_DATA_DIR:-$ROOT/bench/.data}
LIMIT=${BENCH_RESIDENTS:-}
ONLY=${BENCH_ONLY:-all}
DURATION=${BENCH_DURATION:-10s}
REPEAT=${BENCH_REPEAT:-3}
CONNECTIONS=64
PASSWORD=bench-pass-2025
mkdir -p "$DATA"
WORK=$(mktemp -d "$DATA/run.XXXXXX")

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
need() { command -v "$1" >/dev/null || { echo "bench/run.sh needs $1 (apt-get install -y $2)" >&2; exit 1; }; }
need wrk wrk
need sqlite3 sqlite3
need curl curl
[[ -x /usr/bin/time ]] || { echo "bench/run.sh needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }

LOAD_START=$(load)

# ---- build -------------------------------------------------------------------------------------
log "building in $BUILD"
if [[ ! -f $BUILD/build.ninja ]]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DWANGGE_BUILD_BENCH=ON -DWANGGE_BUILD_TESTS=OFF \
        -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
if [[ -n ${BENCH_WANGGE:-} ]]; then
    ninja -C "$BUILD" -j2 bench_hello_restinio bench_hello_wangge bench_import_ceiling >&2
    WANGGE=$BENCH_WANGGE
else
    ninja -C "$BUILD" -j2 wangge bench_hello_restinio bench_hello_wangge bench_import_ceiling >&2
    WANGGE=$BUILD/src/app/wangge
fi
HELLO=$BUILD/bench/bench_hello_restinio
HELLO_WANGGE=$BUILD/bench/bench_hello_wangge
CEILING=$BUILD/bench/bench_import_ceiling

# ---- inputs (cached in $DATA) -----------------------------------------------------------------
CITY_DB=$DATA/city.db
if [[ ! -f $CITY_DB ]]; then
    log "seeding the city into $CITY_DB (once; takes minutes)"
    rm -f "$CITY_DB.tmp" "$CITY_DB.tmp-wal" "$CITY_DB.tmp-shm"
    (cd "$ROOT" && "$WANGGE" seed --preset city --db "sqlite:$CITY_DB.tmp" >&2)
    mv "$CITY_DB.tmp" "$CITY_DB"
fi

# The import file: every resident of the seeded city, in id order, with the building's code and
# the household's unit and room; stored values are all accepted spellings of the import.
CITY_CSV=$DATA/city.csv
if [[ ! -f $CITY_CSV ]]; then
    log "exporting residents to $CITY_CSV"
    {
        echo '姓名,身份证号,联系电话,楼栋编码,单元,房号,与户主关系,户籍类型,标签'
        sqlite3 -readonly -csv "$CITY_DB" "
            SELECT r.name, r.id_number, coalesce(r.phone, ''), a.code, h.unit, h.room, r.relation, r.registration,
                   rtrim(CASE WHEN r.tags & 1 THEN 'elderly_alone;' ELSE '' END ||
                         CASE WHEN r.tags & 2 THEN 'bedridden;' ELSE '' END ||
                         CASE WHEN r.tags & 4 THEN 'disabled;' ELSE '' END ||
                         CASE WHEN r.tags & 8 THEN 'pregnant;' ELSE '' END ||
                         CASE WHEN r.tags & 16 THEN 'infant;' ELSE '' END ||
                         CASE WHEN r.tags & 32 THEN 'away;' ELSE '' END, ';')
            FROM residents r JOIN households h ON h.id = r.household_id JOIN areas a ON a.id = h.building_id
            ORDER BY r.id"
    } >"$CITY_CSV.tmp"
    mv "$CITY_CSV.tmp" "$CITY_CSV"
fi
CSV=$CITY_CSV
if [[ -n $LIMIT ]]; then
    CSV=$DATA/city-$LIMIT.csv
    [[ -f $CSV ]] || head -n "$((LIMIT + 1))" "$CITY_CSV" >"$CSV"
fi
ROWS=$(($(wc -l <"$CSV") - 1))

# The empty registry: migrated schema, the city's area tree (buildings included, counters zero),
# no households or residents.
EMPTY_DB=$DATA/city-empty.db
if [[ ! -f $EMPTY_DB ]]; then
    log "making the empty-registry database $EMPTY_DB"
    rm -f "$EMPTY_DB.tmp"*
    "$WANGGE" migrate --db "sqlite:$EMPTY_DB.tmp" >/dev/null 2>&1
    sqlite3 "$EMPTY_DB.tmp" "ATTACH '$CITY_DB' AS city;
        INSERT INTO areas (id, parent_id, code, name, level, path, depth, household_count, resident_count, child_count)
        SELECT id, parent_id, code, name, level, path, depth, 0, 0, child_count FROM city.areas;
        PRAGMA journal_mode=DELETE;" >/dev/null
    mv "$EMPTY_DB.tmp" "$EMPTY_DB"
fi

declare -A FIG  # name → value
PROFILES=()

# ---- 1. import ----------------------------------------------------------------------------------
if [[ $ONLY == all || $ONLY == import ]]; then
    log "import ceiling: bare sqlite3 insert of $ROWS residents"
    cp "$EMPTY_DB" "$WORK/ceiling.db"
    "$CEILING" "$WORK/ceiling.db" "$CSV" | tee "$WORK/ceiling.out" >&2
    FIG[import_ceiling]=$(sed -n 's/.*rows_per_s=\([0-9]*\).*/\1/p' "$WORK/ceiling.out")
    rm -f "$WORK/ceiling.db"*

    log "wangge import residents ($ROWS rows)"
    cp "$EMPTY_DB" "$WORK/import.db"
    t0=$(now)
    /usr/bin/time -v -o "$WORK/import.time" "$WANGGE" import residents "$CSV" --db "sqlite:$WORK/import.db" \
        >"$WORK/import.out" 2>"$WORK/import.err" || { cat "$WORK/import.err" "$WORK/import.out" >&2; exit 1; }
    t1=$(now)
    cat "$WORK/import.out" >&2
    stored=$(sqlite3 "$WORK/import.db" "SELECT count(*) FROM residents")
    [[ $stored == "$ROWS" ]] || { echo "import stored $stored residents, expected $ROWS" >&2; exit 1; }
    FIG[import_seconds]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    FIG[import_rate]=$(awk -v a="$t0" -v b="$t1" -v n="$ROWS" 'BEGIN { printf "%.0f", n / (b - a) }')
    FIG[import_rss_mb]=$(awk '/Maximum resident set size/ { printf "%.0f", $NF / 1024 }' "$WORK/import.time")
    rm -f "$WORK/import.db"*
fi

# ---- 2. HTTP under wrk ----------------------------------------------------------------------------
# Starts "$@" in the background; waits for a line with the port on its stdout; sets PORT and PID.
start_server() {
    local out=$WORK/server.$RANDOM
    "$@" >"$out" 2>"$out.err" &
    PID=$!
    PIDS+=("$PID")
    for _ in $(seq 600); do
        PORT=$(grep -oE '(port |127\.0\.0\.1:)[0-9]+' "$out" | grep -oE '[0-9]+$' | head -1 || true)
        [[ -n $PORT ]] && return 0
        kill -0 "$PID" 2>/dev/null || { cat "$out.err" >&2; exit 1; }
        sleep 0.1
    done
    echo "server did not start: $*" >&2
    exit 1
}
stop_server() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# wrk_run NAME URL → appends "req/s p99_ms timeouts" to $WORK/NAME.runs (p99 of the answered
# requests; wrk gives up on a request after 2 s and counts it as a timeout).
wrk_run() {
    local name=$1 url=$2 out=$WORK/wrk.out
    wrk -t2 -c$CONNECTIONS -d"$DURATION" --latency -s "$WORK/cookie.lua" "$url" >"$out"
    if grep -q 'Non-2xx' "$out"; then
        echo "wrk $name: error responses" >&2
        cat "$out" >&2
        exit 1
    fi
    awk '/Requests\/sec/ { rps = $2 }
         /Socket errors/ { for (i = 1; i <= NF; i++) if ($i == "timeout") timeouts = $(i + 1) }
         $1 == "99%" { v = $2; ms = v + 0
                       if (v ~ /us$/) ms /= 1000; else if (v ~ /ms$/) ms = ms; else if (v ~ /s$/) ms *= 1000
                       p99 = ms }
         END { printf "%.0f %.2f %d\n", rps, p99, timeouts }' "$out" >>"$WORK/$name.runs"
}
# Waits until wangge serve has worked off requests still queued from the last wrk run (a slow
# endpoint leaves up to 64 behind), so that they do not weigh on the next measurement.
drain() {
    for _ in $(seq 600); do
        t=$(curl -s -o /dev/null -w '%{time_total}' --max-time 10 "http://127.0.0.1:$SERVE_PORT/healthz" || echo 10)
        awk -v t="$t" 'BEGIN { exit !(t < 0.02) }' && return 0
        sleep 0.5
    done
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

if [[ $ONLY == all || $ONLY == http ]]; then
    # Areas and users: a city admin for the area tree; a community worker of the community with
    # the most residents for searches (the largest scope a community worker has).
    q() { sqlite3 -readonly "$CITY_DB" "$1"; }
    CITY_CODE=$(q "SELECT code FROM areas WHERE depth = (SELECT min(depth) FROM areas) ORDER BY code LIMIT 1")
    DISTRICT_ID=$(q "SELECT id FROM areas WHERE level = 'district' ORDER BY resident_count DESC LIMIT 1")
    STREET_ID=$(q "SELECT id FROM areas WHERE parent_id = $DISTRICT_ID AND level = 'street' ORDER BY resident_count DESC LIMIT 1")
    read -r COMMUNITY_CODE COMMUNITY_PATH COMMUNITY_RESIDENTS < <(q "SELECT code, path, resident_count FROM areas
        WHERE level = 'community' ORDER BY resident_count DESC LIMIT 1" | tr '|' ' ')
    PATH_END="${COMMUNITY_PATH%/}0"
    ID_NUMBER=$(q "SELECT id_number FROM residents WHERE path >= '$COMMUNITY_PATH' AND path < '$PATH_END'
        ORDER BY path, id LIMIT 1 OFFSET 100")
    for user in "bench_admin city_admin $CITY_CODE" "bench_worker community_worker $COMMUNITY_CODE"; do
        read -r name role area <<<"$user"
        if ! "$WANGGE" user list --db "sqlite:$CITY_DB" 2>/dev/null | grep -qw "$name"; then
            echo "$PASSWORD" | "$WANGGE" user add --db "sqlite:$CITY_DB" --username "$name" --role "$role" \
                --area "$area" --password-stdin >/dev/null
        fi
    done

    log "servers: bench_hello_restinio, bench_hello_wangge, wangge serve (2 threads each)"
    start_server "$HELLO" 2 0
    HELLO_PID=$PID HELLO_PORT=$PORT
    start_server "$HELLO_WANGGE" 2 0
    HW_PID=$PID HW_PORT=$PORT
    start_server "$WANGGE" serve --db "sqlite:$CITY_DB" --port 0 --threads 2 --web "$WORK/no-web"
    SERVE_PID=$PID SERVE_PORT=$PORT
    login() {
        curl -sf -c - -H 'Content-Type: application/json' \
            -d "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$SERVE_PORT/api/v1/session" |
            awk '$6 == "wangge_session" { print $7 }'
    }
    ADMIN_TOKEN=$(login bench_admin)
    WORKER_TOKEN=$(login bench_worker)
    [[ -n $ADMIN_TOKEN && -n $WORKER_TOKEN ]] || { echo "login failed" >&2; exit 1; }

    BASE=http://127.0.0.1:$SERVE_PORT/api/v1
    SURNAME=%E7%8E%8B  # 王, the commonest surname
    # name token url
    ENDPOINTS=(
        "children_district $ADMIN_TOKEN $BASE/areas/$DISTRICT_ID/children"
        "children_street $ADMIN_TOKEN $BASE/areas/$STREET_ID/children"
        "search_surname $WORKER_TOKEN $BASE/residents?q=$SURNAME"
        "search_id_number $WORKER_TOKEN $BASE/residents?q=$ID_NUMBER"
    )
    # For information: the surname search with a cursor set to the start of the scope, which gives
    # SQLite a tight lower bound — what the first page costs once the repository passes the scope
    # path as the cursor key (see the report in bench/README.md).
    CURSOR=$(printf 'p|%s|0' "$COMMUNITY_PATH" | sed 's,|,%7C,g; s,/,%2F,g')
    ENDPOINTS+=("search_surname_tight $WORKER_TOKEN $BASE/residents?q=$SURNAME&cursor=$CURSOR")
    for e in "${ENDPOINTS[@]}"; do  # check each answers 200 with items before loading it
        read -r name token url <<<"$e"
        body=$(curl -sf -H "Cookie: wangge_session=$token" "$url") || { echo "$name: $url failed" >&2; exit 1; }
        items=$(grep -o '"id":' <<<"$body" | wc -l)
        log "$name: $url → $items items"
        [[ $items -gt 0 ]] || { echo "$name: no items: $body" >&2; exit 1; }
    done

    for i in $(seq "$REPEAT"); do
        log "wrk round $i/$REPEAT (-t2 -c$CONNECTIONS -d$DURATION), load $(load)"
        echo 'wrk.headers["Cookie"] = "x=1"' >"$WORK/cookie.lua"
        wrk_run hello "http://127.0.0.1:$HELLO_PORT/"
        wrk_run hello_wangge "http://127.0.0.1:$HW_PORT/hello"
        for e in "${ENDPOINTS[@]}"; do
            read -r name token url <<<"$e"
            echo "wrk.headers[\"Cookie\"] = \"wangge_session=$token\"" >"$WORK/cookie.lua"
            wrk_run "$name" "$url"
            drain
        done
    done
    for name in hello hello_wangge children_district children_street search_surname search_id_number \
        search_surname_tight; do
        FIG[${name}_rps]=$(cut -d' ' -f1 "$WORK/$name.runs" | median)
        FIG[${name}_p99]=$(cut -d' ' -f2 "$WORK/$name.runs" | median)
        FIG[${name}_timeouts]=$(cut -d' ' -f3 "$WORK/$name.runs" | median)
    done
    if [[ -n ${BENCH_PROFILE:-} ]]; then
        # One more wrk run per endpoint with perf sampling the server; where its time goes.
        for e in "${ENDPOINTS[@]}"; do
            read -r name token url <<<"$e"
            echo "wrk.headers[\"Cookie\"] = \"wangge_session=$token\"" >"$WORK/cookie.lua"
            wrk -t2 -c$CONNECTIONS -d"$DURATION" -s "$WORK/cookie.lua" "$url" >/dev/null &
            wrk_pid=$!
            sleep 1
            perf record -q -e cpu-clock -F 1000 --call-graph dwarf,16384 -p "$SERVE_PID" -o "$WORK/perf.data" \
                -- sleep 5 >/dev/null 2>&1
            wait "$wrk_pid"
            drain
            echo "== profile of wangge serve under $name" >"$WORK/$name.profile"
            perf script -i "$WORK/perf.data" 2>/dev/null | python3 "$ROOT/bench/perf_categories.py" >>"$WORK/$name.profile"
            PROFILES+=("$WORK/$name.profile")
        done
    fi
    FIG[serve_rss_mb]=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVE_PID/status")
    stop_server "$SERVE_PID"
    stop_server "$HELLO_PID"
    stop_server "$HW_PID"
fi

# ---- table --------------------------------------------------------------------------------------
LOAD_END=$(load)
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = op == ">=" ? v >= t : v < t; print ok ? "PASS" : "MISS" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
row() { printf '%-44s %14s %14s %8s\n' "$@"; }

echo
echo "wangge benchmarks — $(date -Is), $(nproc) cores, load average at start $LOAD_START, at end $LOAD_END"
row "figure" "value" "target" "result"
row "------" "-----" "------" "------"
if [[ -n ${FIG[import_rate]:-} ]]; then
    pct=$(ratio "${FIG[import_rate]}" "${FIG[import_ceiling]}")
    row "import: residents" "$ROWS" "" ""
    row "import: wangge import residents (rows/s)" "${FIG[import_rate]}" "" "(${FIG[import_seconds]} s)"
    row "import: ceiling, bare sqlite3 (rows/s)" "${FIG[import_ceiling]}" "" ""
    row "import: ratio to ceiling (%)" "$pct" ">= 25" "$(verdict "$pct" '>=' 25)"
    row "import: peak RSS (MB)" "${FIG[import_rss_mb]}" "" "info"
fi
if [[ -n ${FIG[hello_rps]:-} ]]; then
    h=${FIG[hello_rps]}
    row "http: ceiling, bare RESTinio (req/s)" "$h" "" "p99 ${FIG[hello_p99]} ms"
    row "http: hello via wangge Server (% / p99 ms)" "$(ratio "${FIG[hello_wangge_rps]}" "$h")" "" \
        "${FIG[hello_wangge_p99]} ms"
    for name in children_district children_street search_surname search_id_number; do
        pct=$(ratio "${FIG[${name}_rps]}" "$h")
        p99=${FIG[${name}_p99]}
        timeouts=${FIG[${name}_timeouts]}
        row "http: $name (req/s)" "${FIG[${name}_rps]}" "" "$([[ $timeouts == 0 ]] || echo "$timeouts t/o")"
        row "http: $name ratio (%)" "$pct" ">= 40" "$(verdict "$pct" '>=' 40)"
        # No answered request, or requests given up on: the p99 cannot pass.
        [[ ${FIG[${name}_rps]} == 0 || $timeouts != 0 ]] && p99=">2000"
        row "http: $name p99 (ms)" "$p99" "< 5" "$([[ $p99 == ">2000" ]] && echo MISS || verdict "$p99" '<' 5)"
    done
    row "http: search_surname_tight, info (% / p99)" "$(ratio "${FIG[search_surname_tight_rps]}" "$h")" "" \
        "${FIG[search_surname_tight_p99]} ms"
    row "http: wangge serve peak RSS, VmHWM (MB)" "${FIG[serve_rss_mb]}" "" "info"
fi
for f in "${PROFILES[@]}"; do
    echo
    cat "$f"
done
