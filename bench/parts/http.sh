# Part "http": registry endpoints of wangge serve on the seeded city under wrk, vs bare RESTinio
# (bench/hello_restinio.cpp) in the same round. Sourced by bench/run.sh; see bench/README.md.

# Areas and users: a city admin for the area tree; a community worker of the community with the
# most residents for searches (the largest scope a community worker has).
q() { sqlite3 -readonly "$CITY_DB" "$1"; }
CITY_CODE=$(q "SELECT code FROM areas WHERE depth = (SELECT min(depth) FROM areas) ORDER BY code LIMIT 1")
DISTRICT_ID=$(q "SELECT id FROM areas WHERE level = 'district' ORDER BY resident_count DESC LIMIT 1")
STREET_ID=$(q "SELECT id FROM areas WHERE parent_id = $DISTRICT_ID AND level = 'street' ORDER BY resident_count DESC LIMIT 1")
read -r COMMUNITY_CODE COMMUNITY_PATH COMMUNITY_RESIDENTS < <(q "SELECT code, path, resident_count FROM areas
    WHERE level = 'community' ORDER BY resident_count DESC LIMIT 1" | tr '|' ' ')
PATH_END="${COMMUNITY_PATH%/}0"
ID_NUMBER=$(q "SELECT id_number FROM residents WHERE path >= '$COMMUNITY_PATH' AND path < '$PATH_END'
    ORDER BY path, id LIMIT 1 OFFSET 100")
ensure_user "$CITY_DB" bench_admin city_admin "$CITY_CODE"
ensure_user "$CITY_DB" bench_worker community_worker "$COMMUNITY_CODE"

log "servers: bench_hello_restinio, bench_hello_wangge, wangge serve (2 threads each)"
start_server "$HELLO" 2 0
HELLO_PID=$PID HELLO_PORT=$PORT
start_server "$HELLO_WANGGE" 2 0
HW_PID=$PID HW_PORT=$PORT
start_server "$WANGGE" serve --db "sqlite:$CITY_DB" --port 0 --threads 2 --web "$WORK/no-web"
SERVE_PID=$PID SERVE_PORT=$PORT
ADMIN_TOKEN=$(session_token "$SERVE_PORT" bench_admin)
WORKER_TOKEN=$(session_token "$SERVE_PORT" bench_worker)
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
        use_cookie "$token"
        wrk_run "$name" "$url"
        drain "$SERVE_PORT"
    done
done
for name in hello hello_wangge children_district children_street search_surname search_id_number \
    search_surname_tight; do
    figures "$name"
done
if [[ -n ${BENCH_PROFILE:-} ]]; then
    # One more wrk run per endpoint with perf sampling the server; where its time goes.
    for e in "${ENDPOINTS[@]}"; do
        read -r name token url <<<"$e"
        use_cookie "$token"
        wrk -t2 -c$CONNECTIONS -d"$DURATION" -s "$WORK/cookie.lua" "$url" >/dev/null &
        wrk_pid=$!
        sleep 1
        perf record -q -e cpu-clock -F 1000 --call-graph dwarf,16384 -p "$SERVE_PID" -o "$WORK/perf.data" \
            -- sleep 5 >/dev/null 2>&1
        wait "$wrk_pid"
        drain "$SERVE_PORT"
        echo "== profile of wangge serve under $name" >"$WORK/$name.profile"
        perf script -i "$WORK/perf.data" 2>/dev/null | python3 "$ROOT/bench/perf_categories.py" >>"$WORK/$name.profile"
        PROFILES+=("$WORK/$name.profile")
    done
fi
FIG[serve_rss_mb]=$(vm_hwm_mb "$SERVE_PID")
stop_server "$SERVE_PID"
stop_server "$HELLO_PID"
stop_server "$HW_PID"

h=${FIG[hello_rps]}
HELLO_RPS=$h  # later parts compare against this ceiling when they do not measure their own
row "http: ceiling, bare RESTinio (req/s)" "$h" "" "p99 ${FIG[hello_p99]} ms"
row "http: hello via wangge Server (% / p99 ms)" "$(ratio "${FIG[hello_wangge_rps]}" "$h")" "" \
    "${FIG[hello_wangge_p99]} ms"
for name in children_district children_street search_surname search_id_number; do
    pct=$(ratio "${FIG[${name}_rps]}" "$h")
    timeouts=${FIG[${name}_timeouts]}
    row "http: $name (req/s)" "${FIG[${name}_rps]}" "" "$([[ $timeouts == 0 ]] || echo "$timeouts t/o")"
    row "http: $name ratio (%)" "$pct" ">= 40" "$(verdict "$pct" '>=' 40)"
    p99_row "http: $name p99 (ms)" "$name" 5
done
row "http: search_surname_tight, info (% / p99)" "$(ratio "${FIG[search_surname_tight_rps]}" "$h")" "" \
    "${FIG[search_surname_tight_p99]} ms"
row "http: wangge serve peak RSS, VmHWM (MB)" "${FIG[serve_rss_mb]}" "" "info"
