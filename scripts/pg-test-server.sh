#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, without systemd.
#   scripts/pg-test-server.sh        start (or reuse) it; the last line of stdout is the DSN,
#                                    e.g. postgresql://postgres@127.0.0.1:54329/wangge_test
#   scripts/pg-test-server.sh stop   stop it and delete its files
# Port: $PGPORT, default 54329. Files: /tmp/wangge-pg-<port>/ (data, socket, log), owned by the
# postgres user. Listens on 127.0.0.1 and that socket only; trust auth; fsync stays on so the
# durability the tests rely on is real. Idempotent and safe to run concurrently (a lock file).
set -euo pipefail

port=${PGPORT:-54329}
# The Debian binaries, named explicitly: other copies may sit earlier in PATH.
bin=/usr/lib/postgresql/15/bin
base=/tmp/wangge-pg-$port
data=$base/data
log=$base/server.log
database=wangge_test
dsn="postgresql://postgres@127.0.0.1:$port/$database"

log() { echo "pg-test-server: $*" >&2; }
die() { log "$*"; exit 1; }

# Commands touching the cluster run as its owner; initdb and postgres refuse to run as root.
# The lock descriptor is closed for them: a server that inherited it would hold the lock for
# its whole life and make every later call wait.
as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@") 9>&-
    elif [[ $(id -un) == postgres ]]; then
        (cd / && "$@") 9>&-
    else
        die "run as root or as the postgres user"
    fi
}

[[ -x $bin/initdb && -x $bin/pg_ctl ]] || die "PostgreSQL 15 is not installed ($bin); apt-get install postgresql-15"
id postgres >/dev/null 2>&1 || die "no postgres user; apt-get install postgresql-15"

exec 9>"/tmp/wangge-pg-$port.start-lock"
flock 9

ready() { "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2; }

if [[ "${1:-start}" == stop ]]; then
    if [[ -f $data/PG_VERSION ]]; then
        as_postgres "$bin/pg_ctl" stop -D "$data" -m fast -w -t 60 >&2 || true
    fi
    rm -rf "$base"
    log "stopped; removed $base"
    exit 0
fi
[[ "${1:-start}" == start ]] || die "usage: $0 [start|stop]"

init_cluster() {
    rm -rf "$base"
    mkdir -p "$base"
    chown postgres:postgres "$base"
    chmod 700 "$base"
    log "initdb in $data"
    as_postgres "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=trust \
        --locale=C --encoding=UTF8 >"$base/initdb.log" 2>&1 || { cat "$base/initdb.log" >&2; die "initdb failed"; }
    # max_connections: tests run in parallel, each with a small pool.
    as_postgres tee -a "$data/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$base'
fsync = on
synchronous_commit = on
max_connections = 200
EOF
}

start_cluster() {
    log "starting on 127.0.0.1:$port"
    as_postgres "$bin/pg_ctl" start -D "$data" -l "$log" -w -t 60 >&2
}

if ! ready; then
    # No PG_VERSION means initdb never finished: start over.
    [[ -f $data/PG_VERSION ]] || init_cluster
    if ! start_cluster; then
        if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30; then
            log "another caller started it meanwhile"
        elif as_postgres "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1; then
            die "a server runs on $data but does not answer on 127.0.0.1:$port; see $log"
        else
            # A cluster left by an earlier machine session that will not start holds nothing
            # worth keeping: start from scratch, once.
            tail -n 20 "$log" >&2 || true
            log "could not start the existing cluster; re-creating it"
            init_cluster
            start_cluster || { tail -n 20 "$log" >&2; die "start failed"; }
        fi
    fi
fi

psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres)
if [[ -z $("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'") ]]; then
    "${psql[@]}" -c "CREATE DATABASE $database" >&2
fi
echo "$dsn"
