# Sourced by the benchmark scripts: a throwaway PostgreSQL cluster from the installed server binaries, with
# PostgreSQL's default durability settings, listening on 127.0.0.1:$PG_PORT with its socket in $WORK.
# The caller sets WORK (a temporary folder it removes) and PG_PORT, and stops the cluster in its cleanup with
#   [[ -n "$PG_DATA" ]] && "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop
PG_BIN=""
PG_DATA=""
RUN_AS=()

start_postgres() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -x "$PG_BIN/initdb" ]] || { echo "no PostgreSQL server binaries found; install postgresql (apt-get install postgresql)" >&2; exit 1; }
  if [[ $(id -u) == 0 ]]; then
    # initdb refuses to run as root: the cluster runs as postgres (or nobody) and owns the work folder.
    local user
    user=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
    RUN_AS=(runuser -u "$user" --)
    chown "$user" "$WORK"
  fi
  PG_DATA="$WORK/pg"
  "${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >/dev/null
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1" start >/dev/null
}
