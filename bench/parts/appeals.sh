# Part "appeals": Party-Day Talk on the city with BENCH_APPEALS (default 1,000,000) generated
# appeals: the filtered ledger list and the figures endpoint under wrk, and the XLSX/CSV ledger
# export (time and the server's peak memory at two sizes). Sourced by bench/run.sh.
APPEALS=${BENCH_APPEALS:-1000000}
LATENCY_CONNECTIONS=${BENCH_LATENCY_CONNECTIONS:-8}

APPEALS_DB=$DATA/city-appeals-$APPEALS.db
if [[ ! -f $APPEALS_DB ]]; then
    log "generating $APPEALS appeals over the city into $APPEALS_DB (once)"
    rm -f "$APPEALS_DB.tmp"*
    sqlite3 "$CITY_DB" ".backup '$APPEALS_DB.tmp'"
    "$WANGGE" seed appeals --db "sqlite:$APPEALS_DB.tmp" --count "$APPEALS" --seed 7 >&2
    mv "$APPEALS_DB.tmp" "$APPEALS_DB"
fi
qa() { sqlite3 -readonly "$APPEALS_DB" "$1"; }
CITY_CODE=$(qa "SELECT code FROM areas WHERE depth = (SELECT min(depth) FROM areas) ORDER BY code LIMIT 1")
DISTRICT_ID=$(qa "SELECT id FROM areas WHERE level = 'district' ORDER BY resident_count DESC LIMIT 1")
read -r COMMUNITY_ID COMMUNITY_CODE COMMUNITY_APPEALS < <(qa "SELECT a.id, a.code, count(*) FROM appeals p
    JOIN areas a ON a.id = p.community_id GROUP BY a.id ORDER BY count(*) DESC LIMIT 1" | tr '|' ' ')
ensure_user "$APPEALS_DB" bench_admin city_admin "$CITY_CODE"
ensure_user "$APPEALS_DB" bench_secretary party_secretary "$COMMUNITY_CODE"
MONTH_TO=$(date +%Y-%m)
MONTH_FROM=$(date -d "$(date +%Y-%m-15) -11 months" +%Y-%m)

serve_appeals() {
    start_server "$WANGGE" serve --db "sqlite:$APPEALS_DB" --port 0 --threads 2 --web "$WORK/no-web"
    SERVE_PID=$PID SERVE_PORT=$PORT
    ADMIN_TOKEN=$(session_token "$SERVE_PORT" bench_admin)
    SECRETARY_TOKEN=$(session_token "$SERVE_PORT" bench_secretary)
    [[ -n $ADMIN_TOKEN && -n $SECRETARY_TOKEN ]] || { echo "login failed" >&2; exit 1; }
    BASE=http://127.0.0.1:$SERVE_PORT/api/v1
}

# ---- the ledger list and the figures under wrk ----
start_server "$HELLO" 2 0
HELLO_PID=$PID HELLO_PORT=$PORT
serve_appeals
# name token url
A_ENDPOINTS=(
    "ledger_city_in_progress $ADMIN_TOKEN $BASE/appeals?status=in_progress"
    "ledger_district_consultative $ADMIN_TOKEN $BASE/appeals?area=$DISTRICT_ID&track=consultative"
    "ledger_community_resolved $SECRETARY_TOKEN $BASE/appeals?status=resolved"
    "ledger_community_overdue $SECRETARY_TOKEN $BASE/appeals?overdue=true"
    "figures_city $ADMIN_TOKEN $BASE/appeal-figures?from=$MONTH_FROM&to=$MONTH_TO"
    "figures_district $ADMIN_TOKEN $BASE/appeal-figures?area_id=$DISTRICT_ID&from=$MONTH_FROM&to=$MONTH_TO"
    "figures_community $SECRETARY_TOKEN $BASE/appeal-figures?from=$MONTH_FROM&to=$MONTH_TO"
)
for e in "${A_ENDPOINTS[@]}"; do  # each answers 200 with data before it is loaded
    read -r name token url <<<"$e"
    body=$(curl -sf -H "Cookie: wangge_session=$token" "$url") || { echo "$name: $url failed" >&2; exit 1; }
    log "$name: $url → ${#body} bytes"
    [[ ${#body} -gt 100 ]] || { echo "$name: nearly empty: $body" >&2; exit 1; }
done
for i in $(seq "$REPEAT"); do
    log "appeals wrk round $i/$REPEAT (-c$CONNECTIONS and -c$LATENCY_CONNECTIONS), load $(load)"
    echo 'wrk.headers["Cookie"] = "x=1"' >"$WORK/cookie.lua"
    wrk_run a_hello "http://127.0.0.1:$HELLO_PORT/"
    for e in "${A_ENDPOINTS[@]}"; do
        read -r name token url <<<"$e"
        use_cookie "$token"
        wrk_run "$name" "$url"
        drain "$SERVE_PORT"
        wrk_run "${name}_lat" "$url" "$LATENCY_CONNECTIONS"
        drain "$SERVE_PORT"
    done
done
figures a_hello
for e in "${A_ENDPOINTS[@]}"; do
    read -r name _ <<<"$e"
    figures "$name"
    figures "${name}_lat"
done
FIG[appeals_serve_rss_mb]=$(vm_hwm_mb "$SERVE_PID")
stop_server "$SERVE_PID"
stop_server "$HELLO_PID"

# ---- the export: a fresh server per size, so its VmHWM is that export's --------------------------
# export NAME TOKEN QUERY FORMAT → FIG[NAME_rows|_s|_mb] (the server's VmHWM after the download).
export_run() {
    local name=$1 token=$2 query=$3 format=$4 file=$WORK/export.$4
    serve_appeals
    [[ $token == admin ]] && token=$ADMIN_TOKEN || token=$SECRETARY_TOKEN
    FIG[${name}_idle_mb]=$(vm_hwm_mb "$SERVE_PID")
    local t0 t1
    t0=$(now)
    curl -sf -D "$WORK/export.headers" -o "$file" -H "Cookie: wangge_session=$token" \
        "$BASE/appeals/export?format=$format&$query" || { echo "export $name failed" >&2; exit 1; }
    t1=$(now)
    FIG[${name}_s]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    FIG[${name}_rows]=$(tr -d '\r' <"$WORK/export.headers" | awk -F': ' 'tolower($1) == "x-export-rows" { print $2 }')
    FIG[${name}_mb]=$(vm_hwm_mb "$SERVE_PID")
    FIG[${name}_file_mb]=$(du -m "$file" | cut -f1)
    if [[ $format == xlsx ]]; then  # the sheet's dimension covers the rows claimed (plus the header row)
        local last
        last=$(set +o pipefail  # head closes the pipe early: unzip's SIGPIPE is expected
            unzip -p "$file" xl/worksheets/sheet1.xml | head -c 4096 | grep -o 'dimension ref="A1:[A-Z]*[0-9]*"' |
                grep -o '[0-9]*"$' | tr -d '"')
        [[ $last == $((FIG[${name}_rows] + 1)) ]] || { echo "$name: the sheet ends at row $last" >&2; exit 1; }
    fi
    rm -f "$file"
    stop_server "$SERVE_PID"
    log "export $name: ${FIG[${name}_rows]} rows in ${FIG[${name}_s]} s, VmHWM ${FIG[${name}_mb]} MB"
}
need unzip unzip
export_run export_community_xlsx secretary "" xlsx
export_run export_city_xlsx admin "" xlsx
export_run export_city_csv admin "" csv

h=${FIG[a_hello_rps]}
row "appeals: generated appeals" "$APPEALS" "" ""
row "appeals: ceiling, bare RESTinio (req/s)" "$h" "" ""
for e in "${A_ENDPOINTS[@]}"; do
    read -r name _ <<<"$e"
    target=20; [[ $name == figures_* ]] && target=10
    row "appeals: $name (req/s, % of ceiling)" "${FIG[${name}_rps]}" "" "$(ratio "${FIG[${name}_rps]}" "$h") %"
    p99_row "appeals: $name p99 at -c$LATENCY_CONNECTIONS (ms)" "${name}_lat" "$target"
    row "appeals: $name p99 at -c$CONNECTIONS (ms), info" "${FIG[${name}_p99]}" "" ""
done
row "appeals: wangge serve VmHWM after wrk (MB)" "${FIG[appeals_serve_rss_mb]}" "" "info"
for name in export_community_xlsx export_city_xlsx export_city_csv; do
    row "appeals: $name rows" "${FIG[${name}_rows]}" "" "${FIG[${name}_file_mb]} MB file"
    row "appeals: $name time (s)" "${FIG[${name}_s]}" "" "$(awk -v n="${FIG[${name}_rows]}" -v s="${FIG[${name}_s]}" 'BEGIN { printf "%.0f rows/s", n / s }')"
    row "appeals: $name server VmHWM (MB)" "${FIG[${name}_mb]}" "" "idle ${FIG[${name}_idle_mb]}"
done
growth=$((FIG[export_city_xlsx_mb] - FIG[export_city_xlsx_idle_mb]))
small=$((FIG[export_community_xlsx_mb] - FIG[export_community_xlsx_idle_mb]))
row "appeals: XLSX memory growth, city vs community (MB)" "$growth vs $small" "flat" \
    "$(awk -v g="$growth" -v s="$small" 'BEGIN { print (g <= s + 16) ? "PASS" : "MISS" }')"
