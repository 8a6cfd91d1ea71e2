# Throwaway PostgreSQL 15 for tests and benchmarks. Source it, then:
#   pg_start [extra postgres -c settings...]   exports CLINIC_TEST_PG_URL and PG_TMP
#   pg_stop                                     stops the server and removes its files
# initdb refuses to run as root, so as root the server runs as the `postgres` user.

pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
    local bindir port password
    bindir=$(pg_config --bindir)
    if [ ! -x "$bindir/initdb" ]; then
        echo "pg.sh: no initdb in $bindir; install postgresql-15" >&2
        return 1
    fi
    PG_TMP=$(mktemp -d /tmp/clinic-pg.XXXXXX)
    chmod 755 "$PG_TMP"
    [ "$(id -u)" = 0 ] && chown postgres "$PG_TMP"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    password="pw-$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')"
    printf '%s\n' "$password" > "$PG_TMP/pwfile"
    [ "$(id -u)" = 0 ] && chown postgres "$PG_TMP/pwfile"
    pg_as_owner "$bindir/initdb" -D "$PG_TMP/data" -U postgres --pwfile="$PG_TMP/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
        || { cat "$PG_TMP/initdb.log" >&2; return 1; }
    rm -f "$PG_TMP/pwfile"
    # Also this machine's own network address, reachable only from this machine (samehost), so a
    # test can connect the way a remote client would, without TLS, and see the warning for it.
    local own
    own=$(hostname -I 2>/dev/null | awk '{print $1}')
    local listen=127.0.0.1
    if [ -n "$own" ]; then
        listen="127.0.0.1,$own"
        echo "host all all samehost scram-sha-256" >>"$PG_TMP/data/pg_hba.conf"
        export CLINIC_TEST_PG_OWN_ADDRESS=$own
    fi
    local options="-p $port -k $PG_TMP -c listen_addresses=$listen"
    for setting in "$@"; do options="$options -c $setting"; done
    pg_as_owner "$bindir/pg_ctl" -D "$PG_TMP/data" -o "$options" -l "$PG_TMP/server.log" -w -t 60 start >/dev/null \
        || { cat "$PG_TMP/server.log" >&2; return 1; }
    export PG_TMP PG_BINDIR="$bindir"
    export CLINIC_TEST_PG_URL="postgresql://postgres:$password@127.0.0.1:$port/postgres"
    echo "pg.sh: PostgreSQL $(pg_as_owner "$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
}

pg_stop() {
    [ -n "${PG_TMP:-}" ] || return 0
    pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
    unset PG_TMP CLINIC_TEST_PG_URL CLINIC_TEST_PG_OWN_ADDRESS
}
