# Shared by bench/run.sh and its parts (bench/parts/*.sh): settings, servers, wrk, the table.
# Sourced, not run.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BENCH_BUILD_DIR:-$ROOT/build-bench}
DATA=${BENCH_DATA_DIR:-$ROOT/bench/.data}
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

# Whether part $1 runs in this invocation (BENCH_ONLY=all or a comma-separated list).
wants() { [[ $ONLY == all || ",$ONLY," == *",$1,"* ]]; }

# ---- servers ------------------------------------------------------------------------------------
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
# Peak resident memory of a running process, in MB.
vm_hwm_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# ensure_user DB NAME ROLE AREA_CODE: a bench user with $PASSWORD, added once.
ensure_user() {
    if ! "$WANGGE" user list --db "sqlite:$1" 2>/dev/null | grep -qw "$2"; then
        echo "$PASSWORD" | "$WANGGE" user add --db "sqlite:$1" --username "$2" --role "$3" \
            --area "$4" --password-stdin >/dev/null
    fi
}
# session_token PORT NAME → the wangge_session cookie of a fresh login.
session_token() {
    curl -sf -c - -H 'Content-Type: application/json' \
        -d "{\"username\":\"$2\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$1/api/v1/session" |
        awk '$6 == "wangge_session" { print $7 }'
}

# ---- wrk ----------------------------------------------------------------------------------------
# wrk_run NAME URL [CONNECTIONS] → appends "req/s p99_ms timeouts" to $WORK/NAME.runs (p99 of the
# answered requests; wrk gives up on a request after 2 s and counts it as a timeout). The cookie
# comes from $WORK/cookie.lua (use_cookie).
wrk_run() {
    local name=$1 url=$2 connections=${3:-$CONNECTIONS} out=$WORK/wrk.out
    wrk -t2 -c"$connections" -d"$DURATION" --latency -s "$WORK/cookie.lua" "$url" >"$out"
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
use_cookie() { echo "wrk.headers[\"Cookie\"] = \"wangge_session=$1\"" >"$WORK/cookie.lua"; }
# Waits until the server on port $1 has worked off requests still queued from the last wrk run
# (a slow endpoint leaves up to 64 behind), so that they do not weigh on the next measurement.
drain() {
    for _ in $(seq 600); do
        t=$(curl -s -o /dev/null -w '%{time_total}' --max-time 10 "http://127.0.0.1:$1/healthz" || echo 10)
        awk -v t="$t" 'BEGIN { exit !(t < 0.02) }' && return 0
        sleep 0.5
    done
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# figures NAME → sets FIG[NAME_rps], FIG[NAME_p99], FIG[NAME_timeouts] to the medians of its runs.
declare -A FIG
figures() {
    FIG[${1}_rps]=$(cut -d' ' -f1 "$WORK/$1.runs" | median)
    FIG[${1}_p99]=$(cut -d' ' -f2 "$WORK/$1.runs" | median)
    FIG[${1}_timeouts]=$(cut -d' ' -f3 "$WORK/$1.runs" | median)
}

# ---- the table ------------------------------------------------------------------------------------
# Each part appends its rows to $WORK/table as it finishes; run.sh prints them at the end.
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = op == ">=" ? v >= t : v < t; print ok ? "PASS" : "MISS" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
row() { printf '%-48s %14s %14s %8s\n' "$@" >>"$WORK/table"; }
# p99_row LABEL NAME TARGET_MS: the p99 of a wrk'd endpoint against its target; requests wrk gave
# up on (or none answered) fail it.
p99_row() {
    local p99=${FIG[${2}_p99]} timeouts=${FIG[${2}_timeouts]}
    if [[ ${FIG[${2}_rps]} == 0 || $timeouts != 0 ]]; then
        row "$1" ">2000" "< $3" "MISS"
    else
        row "$1" "$p99" "< $3" "$(verdict "$p99" '<' "$3")"
    fi
}
