# Part "masstest": mass testing (核酸检测) on the city — a round over the whole city (沈阳市, ~9M
# residents, activated once into the cached bench/.data/city-masstest.db), then, on a fresh copy:
# single scans and batch uploads of 100 scans under wrk (every request a valid, distinct scan;
# accepted scans checked in the database afterwards), the batch ingest's bare-sqlite3 ceiling
# (bench_scan_ceiling), and the latency of the untested list, the coverage roll-up and a positive
# pool's trace. Sourced by bench/run.sh; see bench/README.md.
LATENCY_CONNECTIONS=${BENCH_LATENCY_CONNECTIONS:-8}
CEILING_SCANS=${BENCH_CEILING_SCANS:-300000}
SCAN_CEILING=$BUILD/bench/bench_scan_ceiling
ROUND=1

MT_SQLITE=${BENCH_MASSTEST_SQLITE:-1}  # 0: only the PostgreSQL section
MT_SINGLE=${BENCH_MASSTEST_SINGLE:-1}  # 0: skip the single scans (and bare RESTinio)
MT_LATENCY=${BENCH_MASSTEST_LATENCY:-1}  # 0: skip the untested/coverage/trace latencies
SAMPLER_TOKEN=
# 2 HTTP threads, as the bare RESTinio ceiling has: scans are answered from the group commit (docs/api/
# mass-testing.md, "Group commit"), so no server thread waits for an fsync and the scans of all open
# connections share one transaction.
MT_THREADS=${BENCH_MASSTEST_THREADS:-2}
if [[ $MT_SQLITE == 1 ]]; then
# ---- the city with an active everyone-round over it (cached) -------------------------------------
MT_DB=$DATA/city-masstest.db
if [[ ! -f $MT_DB ]]; then
    log "preparing $MT_DB: the city, migrated, bench users, an active round over the city (once)"
    rm -f "$MT_DB.tmp"*
    sqlite3 "$CITY_DB" ".backup '$MT_DB.tmp'"
    "$WANGGE" migrate --db "sqlite:$MT_DB.tmp" >&2
    city_code=$(sqlite3 -readonly "$MT_DB.tmp" "SELECT code FROM areas WHERE level = 'city'")
    ensure_user "$MT_DB.tmp" bench_admin city_admin "$city_code"
    ensure_user "$MT_DB.tmp" bench_sampler sampler "$city_code"
    start_server "$WANGGE" serve --db "sqlite:$MT_DB.tmp" --port 0 --threads 2 --web "$WORK/no-web"
    token=$(session_token "$PORT" bench_admin)
    city_id=$(sqlite3 -readonly "$MT_DB.tmp" "SELECT id FROM areas WHERE level = 'city'")
    now_ms=$(date +%s000)
    curl -sf -H "Cookie: wangge_session=$token" -H 'Content-Type: application/json' \
        -d "{\"name\":\"bench city round\",\"kind\":\"everyone\",\"tags\":[],\"area_ids\":[$city_id],
             \"starts_at\":$((now_ms - 86400000)),\"ends_at\":$((now_ms + 3650 * 86400000)),\"pool_size\":10}" \
        "http://127.0.0.1:$PORT/api/v1/mass-testing/rounds" >/dev/null || { echo "round: create failed" >&2; exit 1; }
    t0=$(now)
    curl -sf -X POST -H "Cookie: wangge_session=$token" \
        "http://127.0.0.1:$PORT/api/v1/mass-testing/rounds/$ROUND/activate" >/dev/null || { echo "activate failed" >&2; exit 1; }
    log "activated the city round in $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s"
    stop_server "$PID"
    mv "$MT_DB.tmp" "$MT_DB"
fi
DB=$WORK/masstest.db
log "copying $MT_DB for this run"
sqlite3 "$MT_DB" ".backup '$DB'"
qm() { sqlite3 -readonly "$DB" "$1"; }
EXPECTED=$(qm "SELECT expected FROM round_coverage WHERE round_id = $ROUND AND area_id = (SELECT id FROM areas WHERE level = 'city')")
CITY_ID=$(qm "SELECT id FROM areas WHERE level = 'city'")
GRID_ID=$(qm "SELECT id FROM areas WHERE level = 'grid' ORDER BY resident_count DESC LIMIT 1")

start_server "$HELLO" 2 0
HELLO_PID=$PID HELLO_PORT=$PORT
start_server "$WANGGE" serve --db "sqlite:$DB" --port 0 --threads "$MT_THREADS" --web "$WORK/no-web"
SERVE_PID=$PID SERVE_PORT=$PORT
ADMIN_TOKEN=$(session_token "$SERVE_PORT" bench_admin)
SAMPLER_TOKEN=$(session_token "$SERVE_PORT" bench_sampler)
[[ -n $ADMIN_TOKEN && -n $SAMPLER_TOKEN ]] || { echo "login failed" >&2; exit 1; }
RBASE=http://127.0.0.1:$SERVE_PORT/api/v1/mass-testing/rounds/$ROUND

fi

# wrk scripts. Each wrk thread owns a disjoint slice of resident ids (MT_BASE + tid * MT_SLICE …)
# and its own tube codes (MT_RUN-tid-…), so every request is a valid scan no one made before.
# single: per tube j, one batch of two opens (tubes j + 8, j + 9; tubes 0..8 are opened before the run),
# then 10 single scans into tube j. batch: each request is one batch of 10 × (open, 10 scans).
cat >"$WORK/mt_common.lua" <<EOF
local threads = {}
function setup(thread)
    thread:set("tid", #threads)
    table.insert(threads, thread)
end
run = os.getenv("MT_RUN")
base = tonumber(os.getenv("MT_BASE"))
slice = tonumber(os.getenv("MT_SLICE"))
k = 0
accepted, refused, other = 0, 0, 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "wangge_session=$SAMPLER_TOKEN"
function done(summary, latency, requests)
    local a, r, o = 0, 0, 0
    for _, t in ipairs(threads) do
        a = a + t:get("accepted"); r = r + t:get("refused"); o = o + t:get("other")
    end
    io.write(string.format("MT accepted=%d refused=%d other=%d\n", a, r, o))
end
EOF
cat "$WORK/mt_common.lua" - >"$WORK/mt_single.lua" <<EOF
local ahead = 8
function request()
    local slot, j = k % 11, math.floor(k / 11)
    k = k + 1
    if slot == 0 then  -- opens tubes j + 8 and j + 9 (idempotent: each is opened twice, so a
        -- request wrk builds but never sends — it calls request() once to check the script — loses none)
        return wrk.format(nil, "/api/v1/mass-testing/rounds/$ROUND/scans/batch", nil,
            string.format('{"items":[{"op":"open","tube":"%s-%d-%d"},{"op":"open","tube":"%s-%d-%d"}]}',
                run, tid, j + ahead, run, tid, j + ahead + 1))
    end
    local i = j * 10 + slot - 1
    if i >= slice then error("slice exhausted") end
    return wrk.format(nil, "/api/v1/mass-testing/rounds/$ROUND/scans", nil,
        string.format('{"client_id":"%s-%d-%d","tube":"%s-%d-%d","resident_id":%d}',
            run, tid, i, run, tid, j, base + tid * slice + i))
end
function response(status, headers, body)
    if status == 201 then
        if string.find(body, '"op":"scan"', 1, true) then accepted = accepted + 1 end
    elseif status == 409 then refused = refused + 1
    elseif status ~= 200 then other = other + 1 end
end
EOF
cat "$WORK/mt_common.lua" - >"$WORK/mt_batch.lua" <<EOF
function request()
    local b = k
    k = k + 1
    if (b + 1) * 100 > slice then error("slice exhausted") end
    local ops = {}
    for t = 0, 9 do
        local code = string.format("%s-%d-%d-%d", run, tid, b, t)
        ops[#ops + 1] = string.format('{"op":"open","tube":"%s"}', code)
        for s = 0, 9 do
            local i = b * 100 + t * 10 + s
            ops[#ops + 1] = string.format('{"client_id":"%s-%d-%d","tube":"%s","resident_id":%d}',
                run, tid, i, code, base + tid * slice + i)
        end
    end
    return wrk.format(nil, "/api/v1/mass-testing/rounds/$ROUND/scans/batch", nil,
        '{"items":[' .. table.concat(ops, ",") .. ']}')
end
function response(status, headers, body)
    if status == 200 then
        accepted = accepted + tonumber(string.match(body, '"accepted":(%d+)'))
        refused = refused + tonumber(string.match(body, '"refused":(%d+)'))
    else other = other + 1 end
end
EOF

# mt_wrk NAME SCRIPT RUN BASE SLICE SCANS_PER_REQUEST → appends "scans/s accepted seconds" to $WORK/NAME.runs after
# checking that the database holds exactly the accepted scans of this run (client ids RUN-…).
mt_wrk() {
    local name=$1 script=$2 run=$3 out=$WORK/mt_wrk.out
    MT_RUN=$run MT_BASE=$4 MT_SLICE=$5 wrk -t2 -c"$CONNECTIONS" -d"${MT_DURATION:-$DURATION}" --latency \
        -s "$script" "http://127.0.0.1:$SERVE_PORT/" >"$out" 2>&1
    grep -q 'slice exhausted' "$out" && { echo "wrk $name: a thread ran out of residents (a shorter run, BENCH_DURATION or BENCH_PG_DURATION, needs fewer)" >&2; cat "$out" >&2; exit 1; }
    local accepted refused other seconds stored
    read -r accepted refused other < <(awk -F'[= ]' '/^MT / { print $3, $5, $7 }' "$out")
    seconds=$(awk '/requests in/ { sub(/s,$/, "", $4); print $4 }' "$out")
    [[ -n $accepted && $other == 0 ]] || { echo "wrk $name: errors" >&2; cat "$out" >&2; exit 1; }
    # Let the server work off the requests wrk left in flight (they wait in the commit queue even
    # though /healthz answers at once): until the stored count stops moving.
    local sql="SELECT count(*) FROM scans WHERE round_id = $ROUND AND client_id >= '$run-' AND client_id < '$run.'"
    stored=$(${MT_QUERY:-qm} "$sql")
    for _ in $(seq 120); do
        sleep 1
        local again
        again=$(${MT_QUERY:-qm} "$sql")
        [[ $again == "$stored" ]] && break
        stored=$again
    done
    drain "$SERVE_PORT"
    # Every acknowledged scan is stored; wrk stops with up to $CONNECTIONS requests in flight, whose
    # scans may be committed though wrk never read their answers (up to 100 scans each for batches).
    [[ $stored -ge $accepted && $stored -le $((accepted + CONNECTIONS * $6)) ]] ||
        { echo "wrk $name: $accepted accepted but $stored stored" >&2; exit 1; }
    log "$name: $accepted scans accepted, $stored stored (in flight at the stop: $((stored - accepted))), $refused refused, in $seconds s"
    awk -v a="$accepted" -v s="$seconds" -v r="$refused" 'BEGIN { printf "%.0f %d %s %d\n", a / s, a, s, r }' \
        >>"$WORK/$name.runs"
}
# open_tubes RUN N: opens tubes RUN-tid-0..N-1 of both wrk threads (untimed), in batches.
open_tubes() {
    for tid in 0 1; do
        ops=$(for j in $(seq 0 $(($2 - 1))); do printf '{"op":"open","tube":"%s-%d-%d"},' "$1" "$tid" "$j"; done)
        curl -sf -H "Cookie: wangge_session=$SAMPLER_TOKEN" -H 'Content-Type: application/json' \
            -d "{\"items\":[${ops%,}]}" "$RBASE/scans/batch" >/dev/null || { echo "open tubes failed" >&2; exit 1; }
    done
}

if [[ $MT_SQLITE == 1 ]]; then
# Resident ranges (ids 1..9M, every id a resident): single scans 1 + r * 400k (200k per wrk thread),
# batches 1.2M + r * 2M (1M per thread), the ceiling 7.2M + r * 500k.
[[ $REPEAT -le 3 ]] || { echo "masstest: BENCH_REPEAT ≤ 3 (resident ranges)" >&2; exit 1; }
for i in $(seq "$REPEAT"); do
    log "masstest wrk round $i/$REPEAT, load $(load)"
    echo 'wrk.headers["Cookie"] = "x=1"' >"$WORK/cookie.lua"
    if [[ $MT_SINGLE == 1 ]]; then
        wrk_run mt_hello "http://127.0.0.1:$HELLO_PORT/"
        open_tubes "s$i" 9
        mt_wrk mt_single "$WORK/mt_single.lua" "s$i" $((1 + (i - 1) * 400000)) 200000 1
    fi
    mt_wrk mt_batch "$WORK/mt_batch.lua" "b$i" $((1200001 + (i - 1) * 2000000)) 1000000 100
    # The ceiling, on the same database (the server idle), the same round, unscanned residents.
    "$SCAN_CEILING" "$DB" "$ROUND" $((7200001 + (i - 1) * 500000)) "$CEILING_SCANS" 100 10 |
        tee -a "$WORK/mt_ceiling.out" >&2
done
[[ $MT_SINGLE == 1 ]] && figures mt_hello
for name in mt_single mt_batch; do
    [[ -f $WORK/$name.runs ]] && FIG[${name}_sps]=$(cut -d' ' -f1 "$WORK/$name.runs" | median)
done
FIG[mt_ceiling_sps]=$(grep -oE 'scans_per_s=[0-9]+' "$WORK/mt_ceiling.out" | cut -d= -f2 | median)
FIG[mt_batch_scans]=$(cut -d' ' -f2 "$WORK/mt_batch.runs" | median)

# ---- latency: untested list, coverage roll-up, a positive pool's trace ---------------------------
# The positive: a full tube of the first batch run, posted as a positive lab result.
if [[ $MT_LATENCY == 1 ]]; then
POS_TUBE=$(qm "SELECT code FROM tubes WHERE round_id = $ROUND AND code >= 'b1-' AND code < 'b1.' AND scan_count = 10 LIMIT 1")
lab=$(curl -s -w ' %{http_code}' -H "Cookie: wangge_session=$ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"items\":[{\"tube\":\"$POS_TUBE\",\"result\":\"positive\",\"lab\":\"bench\"}]}" \
    "$RBASE/lab-results")
[[ $lab == *' 200' ]] || { echo "lab result failed: $lab" >&2; exit 1; }
log "refusals of the single-scan runs: $(qm "SELECT reason || ' ' || count(*) FROM scan_refusals
    WHERE round_id = $ROUND GROUP BY reason" | tr '\n' ' ')"
M_ENDPOINTS=(
    "mt_untested_grid $RBASE/untested?area=$GRID_ID"
    "mt_coverage_city $RBASE/coverage?area=$CITY_ID"
    "mt_trace_positive $RBASE/tubes/$POS_TUBE/trace"
)
use_cookie "$ADMIN_TOKEN"
for e in "${M_ENDPOINTS[@]}"; do
    read -r name url <<<"$e"
    body=$(curl -sf -H "Cookie: wangge_session=$ADMIN_TOKEN" "$url") || { echo "$name: $url failed" >&2; exit 1; }
    log "$name: $url → ${#body} bytes"
    [[ ${#body} -gt 100 ]] || { echo "$name: nearly empty: $body" >&2; exit 1; }
done
for i in $(seq "$REPEAT"); do
    for e in "${M_ENDPOINTS[@]}"; do
        read -r name url <<<"$e"
        wrk_run "$name" "$url"
        drain "$SERVE_PORT"
        wrk_run "${name}_lat" "$url" "$LATENCY_CONNECTIONS"
        drain "$SERVE_PORT"
    done
done
for e in "${M_ENDPOINTS[@]}"; do
    read -r name _ <<<"$e"
    figures "$name"
    figures "${name}_lat"
done
fi
FIG[mt_serve_rss_mb]=$(vm_hwm_mb "$SERVE_PID")
SAMPLED=$(qm "SELECT sampled FROM round_coverage WHERE round_id = $ROUND AND area_id = $CITY_ID")
STORED=$(qm "SELECT count(*) FROM scans WHERE round_id = $ROUND AND substr(client_id, 1, 1) <> 'c'")  # not the ceiling's
stop_server "$SERVE_PID"
stop_server "$HELLO_PID"

h=${FIG[mt_hello_rps]:-}
row "masstest: round over the city, expected" "$EXPECTED" "" "everyone"
if [[ $MT_SINGLE == 1 ]]; then
row "masstest: ceiling, bare RESTinio (req/s)" "$h" "" ""
row "masstest: single scans (scans/s, -c$CONNECTIONS)" "${FIG[mt_single_sps]}" "" "$MT_THREADS thr"
pct=$(ratio "${FIG[mt_single_sps]}" "$h")
row "masstest: single scans ratio (%)" "$pct" ">= 40" "$(verdict "$pct" '>=' 40)"
fi
row "masstest: batch ceiling, bare sqlite3 (scans/s)" "${FIG[mt_ceiling_sps]}" "" "FULL,100/tx"
row "masstest: batch of 100 (scans/s, -c$CONNECTIONS)" "${FIG[mt_batch_sps]}" "" ""
pct=$(ratio "${FIG[mt_batch_sps]}" "${FIG[mt_ceiling_sps]}")
row "masstest: batch ratio (%)" "$pct" ">= 50" "$(verdict "$pct" '>=' 50)"
ingest=$(awk -v n="$EXPECTED" -v r="${FIG[mt_batch_sps]}" 'BEGIN { printf "%.0f", n / r }')
row "masstest: 9M round ingest (s), extrapolated" "$ingest" "< 180" "$(verdict "$ingest" '<' 180)"
row "masstest:   (from batch runs of N scans)" "${FIG[mt_batch_scans]}" "" "info"
[[ $MT_LATENCY == 1 ]] && for name in mt_untested_grid mt_coverage_city mt_trace_positive; do
    target=5; [[ $name == mt_coverage_city ]] && target=20
    row "masstest: $name (req/s, % of ceiling)" "${FIG[${name}_rps]}" "" "$(ratio "${FIG[${name}_rps]}" "$h") %"
    p99_row "masstest: $name p99 at -c$LATENCY_CONNECTIONS (ms)" "${name}_lat" "$target"
    row "masstest: $name p99 at -c$CONNECTIONS (ms), info" "${FIG[${name}_p99]}" "" ""
done
row "masstest: scans stored = city 'sampled' counter" "$STORED = $SAMPLED" "equal" \
    "$([[ $STORED == "$SAMPLED" ]] && echo PASS || echo MISS)"
row "masstest: wangge serve VmHWM (MB)" "${FIG[mt_serve_rss_mb]}" "" "info"

fi

# ---- PostgreSQL: the batch ingest ÷ a bare libpq COPY of the same rows ---------------------------
# On the `district` preset (古塔区, ~250k residents: seeding the 9M city into PostgreSQL takes too
# long), on the throwaway server of scripts/pg-test-server.sh. The seeded district with its active
# round is kept as the template database wangge_bench_masstest_seed; each run clones it.
# In a subshell: a failure here is reported without losing the SQLite rows above (they are in
# $WORK/table already). One round by default (BENCH_PG_REPEAT).
if [[ ${BENCH_MASSTEST_PG:-1} == 1 ]]; then (
    trap '[[ -n ${PG_SERVE_PID:-} ]] && stop_server "$PG_SERVE_PID"' EXIT
    REPEAT=${BENCH_PG_REPEAT:-1}
    PG_TEST_DSN=$("$ROOT/scripts/pg-test-server.sh" | tail -n 1)
    # "localhost", not 127.0.0.1: start_server takes the first "127.0.0.1:N" of the server's output as
    # its port, and `wangge serve` prints the database URL before its own address.
    PG_SERVER=${PG_TEST_DSN%/*}
    PG_SERVER=${PG_SERVER/127.0.0.1/localhost}
    pg() { psql -qAtX -v ON_ERROR_STOP=1 "$PG_SERVER/$1" -c "$2"; }
    PG_SEED_DB=wangge_bench_masstest_seed PG_RUN_DB=wangge_bench_masstest_run
    if [[ $(pg postgres "SELECT count(*) FROM pg_database WHERE datname = '$PG_SEED_DB'") == 0 ]]; then
        log "seeding the district preset into PostgreSQL ($PG_SEED_DB, once)"
        pg postgres "DROP DATABASE IF EXISTS ${PG_SEED_DB}_tmp"
        pg postgres "CREATE DATABASE ${PG_SEED_DB}_tmp"
        (cd "$ROOT" && "$WANGGE" seed --preset district --db "$PG_SERVER/${PG_SEED_DB}_tmp" >&2)
        district_code=$(pg "${PG_SEED_DB}_tmp" "SELECT code FROM areas WHERE level = 'district' ORDER BY id LIMIT 1")
        for u in "bench_admin city_admin" "bench_sampler sampler"; do
            read -r name role <<<"$u"
            echo "$PASSWORD" | "$WANGGE" user add --db "$PG_SERVER/${PG_SEED_DB}_tmp" --username "$name" \
                --role "$role" --area "$district_code" --password-stdin >/dev/null
        done
        start_server "$WANGGE" serve --db "$PG_SERVER/${PG_SEED_DB}_tmp" --port 0 --threads 2 --web "$WORK/no-web"
        token=$(session_token "$PORT" bench_admin)
        district_id=$(pg "${PG_SEED_DB}_tmp" "SELECT id FROM areas WHERE level = 'district' ORDER BY id LIMIT 1")
        now_ms=$(date +%s000)
        curl -sf -H "Cookie: wangge_session=$token" -H 'Content-Type: application/json' \
            -d "{\"name\":\"bench district round\",\"kind\":\"everyone\",\"tags\":[],\"area_ids\":[$district_id],
                 \"starts_at\":$((now_ms - 86400000)),\"ends_at\":$((now_ms + 3650 * 86400000)),\"pool_size\":10,
                 \"activate\":true}" \
            "http://127.0.0.1:$PORT/api/v1/mass-testing/rounds" >/dev/null || { echo "pg round failed" >&2; exit 1; }
        stop_server "$PID"
        pg postgres "ALTER DATABASE ${PG_SEED_DB}_tmp RENAME TO $PG_SEED_DB"
    fi
    pg postgres "DROP DATABASE IF EXISTS $PG_RUN_DB"
    pg postgres "CREATE DATABASE $PG_RUN_DB TEMPLATE $PG_SEED_DB"
    PG_DSN=$PG_SERVER/$PG_RUN_DB
    qp() { pg "$PG_RUN_DB" "$1"; }
    PG_ROUND=$(qp "SELECT id FROM test_rounds WHERE status = 'active' ORDER BY id LIMIT 1")
    PG_RESIDENTS=$(qp "SELECT count(*) FROM residents")
    PG_MAX_ID=$(qp "SELECT max(id) FROM residents")
    [[ $PG_RESIDENTS == "$PG_MAX_ID" ]] || { echo "pg: resident ids not dense" >&2; exit 1; }
    start_server "$WANGGE" serve --db "$PG_DSN" --port 0 --threads "$MT_THREADS" --web "$WORK/no-web"
    SERVE_PID=$PID SERVE_PORT=$PORT PG_SERVE_PID=$PID
    SAMPLER_TOKEN=$(session_token "$SERVE_PORT" bench_sampler)
    [[ -n $SAMPLER_TOKEN ]] || { echo "pg login failed" >&2; exit 1; }
    sed -e "s/wangge_session=[0-9a-f]*/wangge_session=$SAMPLER_TOKEN/" \
        -e "s,/rounds/$ROUND/,/rounds/$PG_ROUND/,g" "$WORK/mt_batch.lua" >"$WORK/mt_pg_batch.lua"
    # Residents: wangge 1.. (REPEAT × 2 threads × slice, 90 %), the ceiling the top 10 %. The district
    # has ~250k people, so wrk runs 3 s here by default, 1 s when repeated: at ~40k scans/s (and more
    # while it starts) longer runs use up a slice.
    PG_DURATION=${BENCH_PG_DURATION:-$([[ $REPEAT == 1 ]] && echo 3s || echo 1s)}
    PG_SLICE=$((PG_RESIDENTS * 45 / 100 / REPEAT / 100 * 100))
    PG_CEILING_SCANS=$((PG_RESIDENTS * 1 / 10 / REPEAT / 100 * 100))
    for i in $(seq "$REPEAT"); do
        log "masstest PostgreSQL round $i/$REPEAT, load $(load)"
        ROUND=$PG_ROUND MT_QUERY=qp MT_DURATION=$PG_DURATION mt_wrk mt_pg_batch "$WORK/mt_pg_batch.lua" \
            "p$i" $((1 + (i - 1) * 2 * PG_SLICE)) "$PG_SLICE" 100
        "$BUILD/bench/bench_pg_scan_ceiling" "$PG_DSN" "$PG_ROUND" \
            $((PG_RESIDENTS * 9 / 10 + 1 + (i - 1) * PG_CEILING_SCANS)) "$PG_CEILING_SCANS" 100 10 |
            tee -a "$WORK/mt_pg_ceiling.out" >&2
    done
    stop_server "$SERVE_PID"
    PG_SERVE_PID=
    pg postgres "DROP DATABASE IF EXISTS $PG_RUN_DB"
    FIG[mt_pg_sps]=$(cut -d' ' -f1 "$WORK/mt_pg_batch.runs" | median)
    FIG[mt_pg_ceiling_sps]=$(grep -oE 'scans_per_s=[0-9]+' "$WORK/mt_pg_ceiling.out" | cut -d= -f2 | median)
    row "masstest PG: district preset, residents" "$PG_RESIDENTS" "" "not the city"
    row "masstest PG: ceiling, libpq COPY (scans/s)" "${FIG[mt_pg_ceiling_sps]}" "" "100/tx"
    row "masstest PG: batch of 100 (scans/s, -c$CONNECTIONS)" "${FIG[mt_pg_sps]}" "" ""
    pct=$(ratio "${FIG[mt_pg_sps]}" "${FIG[mt_pg_ceiling_sps]}")
    row "masstest PG: batch ratio (%)" "$pct" ">= 50" "$(verdict "$pct" '>=' 50)"
) || { log "masstest: the PostgreSQL section failed"; row "masstest PG: section failed" "-" "" "MISS"; }
fi
