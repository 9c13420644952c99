#!/usr/bin/env bash
# MariaDB restarted while a job runs, and a read replica: checked against MariaDB servers of its own.
#
# The test command's site lives on a MariaDB server that other work shares, which no test may restart
# nor reconfigure for replication. This script makes two servers of its own on loopback — a primary with
# a binary log, and a replica replicating it (GTID, read_only) — a throwaway site (bare Frappe + crm_plus)
# whose database is on the primary and which reads from the replica (read_from_replica, replica_host,
# replica_db_port in its site config), runs crm_plus/tests/db_ops_check.py on it:
#   - a background job whose database restarts under it fails cleanly (recorded Failed, its user told)
#     and a re-run finishes the work; the web server answers after the restart without being restarted;
#   - reports, list exports and a rep's customer list page read the replica (a row only the replica holds
#     shows in them) and the primary without one;
# then drops the site and removes both servers. Ends with one line: N passed, N failed, N skipped.
#
# Settings: those of scripts/lib.sh (CRM_PLUS_BENCH, CRM_PLUS_DB_ROOT_USER, CRM_PLUS_DB_ROOT_PASSWORD);
#   CRM_PLUS_DBOPS_PORT  the primary's port (default 3391; the replica takes the next one)
#   CRM_PLUS_DBOPS_DIR   where the servers keep their data (default /tmp/crm-plus-dbops-$$)
#   CRM_PLUS_KEEP_SITE   1 keeps the site and the servers running (for debugging)
# Run as root (the servers run as the bench's owner). Takes about 5 minutes on 2 cores.
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_bench
db_root_credentials
OWNER="$(bench_owner)"
PRIMARY_PORT="${CRM_PLUS_DBOPS_PORT:-3391}"
REPLICA_PORT=$((PRIMARY_PORT + 1))
BASE="${CRM_PLUS_DBOPS_DIR:-/tmp/crm-plus-dbops-$$}"
SITE="crm-plus-dbops-$$.localhost"
LOG_DIR="$CRM_PLUS_CHECKOUT/test-artifacts"
mkdir -p "$LOG_DIR" && chmod 777 "$LOG_DIR" 2>/dev/null || true
STARTED=$SECONDS

for cmd in mariadbd mariadb-install-db mariadb mariadb-admin; do
	command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || die "$cmd is missing (Debian: apt-get install mariadb-server)"
done
MARIADBD="$(command -v mariadbd || echo /usr/sbin/mariadbd)"
for port in "$PRIMARY_PORT" "$REPLICA_PORT"; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is in use: set CRM_PLUS_DBOPS_PORT"; fi
done

# server NAME PORT ID EXTRA...: a MariaDB server of our own, run by the bench's owner
server() {
	local name="$1" port="$2" id="$3"
	shift 3
	mkdir -p "$BASE/$name/data"
	cat >"$BASE/$name.cnf" <<EOF
[mariadbd]
datadir=$BASE/$name/data
socket=$BASE/$name/mysqld.sock
pid-file=$BASE/$name/mysqld.pid
log-error=$BASE/$name/error.log
port=$port
bind-address=127.0.0.1
skip-name-resolve
server-id=$id
log-bin=$BASE/$name/data/binlog
binlog-format=ROW
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
innodb-buffer-pool-size=128M
max-connections=300
$(printf '%s\n' "$@")
EOF
	cat >"$BASE/start-$name.sh" <<EOF
#!/bin/sh
# start the $name server and wait until it answers
setsid "$MARIADBD" --defaults-file="$BASE/$name.cnf" </dev/null >/dev/null 2>&1 &
for i in \$(seq 600); do
	mariadb-admin --socket="$BASE/$name/mysqld.sock" ping >/dev/null 2>&1 && exit 0
	sleep 0.1
done
echo "the $name server did not start: \$(tail -20 "$BASE/$name/error.log")" >&2
exit 1
EOF
	cat >"$BASE/restart-$name.sh" <<EOF
#!/bin/sh
# stop the $name server as a shutdown would (SIGTERM), then start it again
pid="\$(cat "$BASE/$name/mysqld.pid")"
kill -TERM "\$pid"
while kill -0 "\$pid" 2>/dev/null; do sleep 0.1; done
exec "$BASE/start-$name.sh"
EOF
	chmod 755 "$BASE/start-$name.sh" "$BASE/restart-$name.sh"
	chown -R "$OWNER:" "$BASE"
	runuser -u "$OWNER" -- mariadb-install-db --defaults-file="$BASE/$name.cnf" --skip-test-db \
		>"$LOG_DIR/dbops-install-$name.log" 2>&1 || { tail -20 "$LOG_DIR/dbops-install-$name.log"; return 1; }
	runuser -u "$OWNER" -- "$BASE/start-$name.sh"
}

sql() { # sql NAME STATEMENT: as the server's own root (over its socket, as root)
	mariadb --socket="$BASE/$1/mysqld.sock" -u root -e "$2"
}

stop_servers() {
	local name pid
	for name in replica primary; do
		[ -f "$BASE/$name/mysqld.pid" ] || continue
		pid="$(cat "$BASE/$name/mysqld.pid")"
		kill -TERM "$pid" 2>/dev/null || continue
		for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	done
}

cleanup() {
	if [ "${CRM_PLUS_KEEP_SITE:-0}" = 1 ]; then
		say "keeping $SITE and the servers in $BASE (primary $PRIMARY_PORT, replica $REPLICA_PORT)"
		return
	fi
	# drop the site only through its own server (never through the bench's shared one)
	if grep -qs "$BASE/primary/mysqld.sock" "$BENCH/sites/$SITE/site_config.json"; then
		frappe_cli drop-site "$SITE" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
			--no-backup --force >"$LOG_DIR/dbops-drop-site.log" 2>&1 || rm -rf "$BENCH/sites/$SITE"
	fi
	rm -rf "${BENCH:?}/sites/$SITE" "$BENCH/archived_sites/$SITE"* "$BENCH/archived/sites/$SITE"*
	stop_servers
	rm -rf "$BASE"
}
trap cleanup EXIT

say "primary MariaDB on 127.0.0.1:$PRIMARY_PORT, replica on $REPLICA_PORT ($BASE)"
server primary "$PRIMARY_PORT" 1 || die "could not start the primary"
server replica "$REPLICA_PORT" 2 "read-only=1" "log-slave-updates=1" || die "could not start the replica"
sql primary "CREATE USER '$DB_ROOT_USER'@'%' IDENTIFIED BY '$DB_ROOT_PASSWORD';
	GRANT ALL PRIVILEGES ON *.* TO '$DB_ROOT_USER'@'%' WITH GRANT OPTION;
	CREATE USER 'crm_plus_repl'@'127.0.0.1' IDENTIFIED BY 'crm_plus_repl';
	GRANT REPLICATION SLAVE ON *.* TO 'crm_plus_repl'@'127.0.0.1';" || die "could not create the users"
sql replica "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$PRIMARY_PORT, MASTER_USER='crm_plus_repl',
	MASTER_PASSWORD='crm_plus_repl', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1; START SLAVE;" ||
	die "could not start replication"
for _ in $(seq 100); do
	sql replica "SELECT 1 FROM mysql.user WHERE user='$DB_ROOT_USER'" 2>/dev/null | grep 1 >/dev/null && break
	sleep 0.2
done
sql replica "SHOW SLAVE STATUS\G" | grep -E "Slave_(IO|SQL)_Running:" | sed 's/^ */[crm_plus]   replica /' >&2

say "site $SITE on the primary (bare Frappe + crm_plus)"
# over the primary's socket (the bench's common db_socket is the shared server's: the site's own overrides
# it, for new-site's root connection too); the site's database user may connect from any host (the replica
# is reached over TCP)
frappe_cli new-site "$SITE" --db-socket "$BASE/primary/mysqld.sock" --mariadb-user-host-login-scope '%' \
	--db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" --admin-password admin >"$LOG_DIR/dbops-new-site.log" 2>&1 ||
	{ tail -30 "$LOG_DIR/dbops-new-site.log"; die "could not create the site"; }
frappe_cli --site "$SITE" set-config allow_tests true >/dev/null
frappe_cli --site "$SITE" set-config --parse throttle_user_limit 100000 >/dev/null
frappe_cli --site "$SITE" install-app crm_plus >"$LOG_DIR/dbops-install-app.log" 2>&1 ||
	{ tail -30 "$LOG_DIR/dbops-install-app.log"; die "could not install crm_plus"; }
frappe_cli --site "$SITE" set-config replica_host 127.0.0.1 >/dev/null
frappe_cli --site "$SITE" set-config --parse replica_db_port "$REPLICA_PORT" >/dev/null
frappe_cli --site "$SITE" set-config --parse read_from_replica 1 >/dev/null

say "crm_plus.tests.db_ops_check on $SITE"
export CRM_PLUS_ARTIFACTS="$LOG_DIR"
CRM_PLUS_DB_RESTART="$BASE/restart-primary.sh" frappe_cli --site "$SITE" run-tests \
	--module crm_plus.tests.db_ops_check 2>&1 | tee "$LOG_DIR/dbops-tests.log"
read -r PASSED FAILED SKIPPED <<<"$(python3 "$CRM_PLUS_CHECKOUT/scripts/count_results.py" unittest "$LOG_DIR/dbops-tests.log" || echo "0 1 0")"
sql replica "SHOW SLAVE STATUS\G" | grep -E "Slave_(IO|SQL)_Running:|Last_SQL_Error:" | sed 's/^ */[crm_plus]   replica /' >&2
say "took $((SECONDS - STARTED)) s"
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" = 0 ]
