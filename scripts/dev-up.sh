#!/usr/bin/env bash
# The run command of crm_plus (see README, "Run a development site").
#
# From nothing but MariaDB and Redis: makes a Frappe version-15 bench, a development site with
# crm_plus and demo data, past the setup wizard, then starts it and prints the URL and the logins.
# Run it again any time: every step is skipped when already done.
#
# Settings (environment variables):
#   CRM_PLUS_BENCH            where the bench lives (default: ~/frappe-bench; as root ~frappe/frappe-bench)
#   CRM_PLUS_FRAPPE_USER      as root, the unprivileged user that owns the bench (default: frappe;
#                             created if missing). bench refuses to run as root.
#   FRAPPE_SOURCE             the framework: a git URL or a local path
#                             (default: https://github.com/frappe/frappe)
#   FRAPPE_BRANCH             default: version-15
#   CRM_PLUS_PYTHON           the Python for the bench (>= 3.10, default: python3.11 or python3)
#   CRM_PLUS_DB_ROOT_USER     MariaDB superuser (default: root)
#   CRM_PLUS_DB_ROOT_PASSWORD its password, non-empty (required unless the bench already records one)
#   CRM_PLUS_SITE             default: crm.localhost
#   CRM_PLUS_ADMIN_PASSWORD   default: admin
#   CRM_PLUS_LANGUAGE         site and Administrator language (default: zh; en for English)
#   CRM_PLUS_DEMO_CUSTOMERS   default: 2000 (0: no demo data)
#   CRM_PLUS_DEMO_ORDERS      default: customers x 2
#   CRM_PLUS_PORT             web port (default: 8000)
#   CRM_PLUS_NO_START         1: set everything up, print how to start, do not start
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FRAPPE_USER="${CRM_PLUS_FRAPPE_USER:-frappe}"
if [ "$(id -u)" = 0 ]; then
	if ! id "$FRAPPE_USER" >/dev/null 2>&1; then
		say "creating the unprivileged user $FRAPPE_USER (bench refuses to run as root)"
		useradd -m -s /bin/bash "$FRAPPE_USER"
	fi
	USER_HOME="$(getent passwd "$FRAPPE_USER" | cut -d: -f6)"
	chmod o+rx "$USER_HOME"
else
	FRAPPE_USER="$(id -un)"
	USER_HOME="$HOME"
fi
BENCH="${CRM_PLUS_BENCH:-$USER_HOME/frappe-bench}"
FRAPPE_SOURCE="${FRAPPE_SOURCE:-https://github.com/frappe/frappe}"
FRAPPE_BRANCH="${FRAPPE_BRANCH:-version-15}"
SITE="${CRM_PLUS_SITE:-crm.localhost}"
ADMIN_PASSWORD="${CRM_PLUS_ADMIN_PASSWORD:-admin}"
LANGUAGE="${CRM_PLUS_LANGUAGE:-zh}"
DEMO_CUSTOMERS="${CRM_PLUS_DEMO_CUSTOMERS:-2000}"
DEMO_ORDERS="${CRM_PLUS_DEMO_ORDERS:-$((DEMO_CUSTOMERS * 2))}"
PORT="${CRM_PLUS_PORT:-8000}"

# run CMD... as the bench user, with the bench CLI on PATH
as_user() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$FRAPPE_USER" -- env HOME="$USER_HOME" PATH="$BENCH_CLI_DIR:$PATH" UV_NATIVE_TLS="$UV_NATIVE_TLS" "$@"
	else
		env PATH="$BENCH_CLI_DIR:$PATH" "$@"
	fi
}

# bench uses uv when it is installed; let uv trust the system's certificate store (as pip does),
# which matters behind TLS-inspecting proxies
export UV_NATIVE_TLS="${UV_NATIVE_TLS:-1}"

# --- prerequisites ---------------------------------------------------------------------------------

# the first Python >= 3.10 that the bench user can run (as root, a Python under root's home, such
# as pyenv's, is not executable by that user)
python_ok() { as_user "$1" -c 'import sys; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1; }
BENCH_CLI_DIR=""
PYTHON="${CRM_PLUS_PYTHON:-}"
if [ -z "$PYTHON" ]; then
	for candidate in $(command -v python3.11 python3.12 python3.10 python3 2>/dev/null) \
		/usr/bin/python3.11 /usr/bin/python3.12 /usr/bin/python3.10 /usr/bin/python3; do
		if python_ok "$candidate"; then PYTHON="$candidate"; break; fi
	done
fi
[ -n "$PYTHON" ] || die "a Python 3.10 or newer that $FRAPPE_USER can run is needed (set CRM_PLUS_PYTHON)."
python_ok "$PYTHON" || die "$PYTHON is older than 3.10, or $FRAPPE_USER cannot run it."
command -v node >/dev/null || die "Node.js 18 or newer is needed for the bench's assets (apt install nodejs)."
command -v redis-server >/dev/null || die "redis-server is needed (apt install redis-server)."
command -v mariadb >/dev/null || command -v mysql >/dev/null || die "The MariaDB client is needed (apt install mariadb-client)."
if ! command -v yarn >/dev/null || [[ "$(yarn --version)" != 1.* ]]; then
	die "Yarn classic 1.22 is needed (npm install -g yarn@1.22.22); found: $(yarn --version 2>/dev/null || echo none)."
fi

# the bench CLI: on PATH, or installed into a private virtualenv of the bench user
if command -v bench >/dev/null && [ "$(id -u)" != 0 ]; then
	BENCH_CLI_DIR="$(dirname "$(command -v bench)")"
else
	BENCH_CLI_DIR="$USER_HOME/.crm-plus-bench-cli/bin"
	if [ ! -x "$BENCH_CLI_DIR/bench" ]; then
		say "installing the bench CLI (frappe-bench) into $USER_HOME/.crm-plus-bench-cli"
		as_user "$PYTHON" -m venv "$USER_HOME/.crm-plus-bench-cli"
		# this Frappe release still imports pkg_resources, which setuptools 80 dropped
		as_user "$BENCH_CLI_DIR/pip" install --quiet "setuptools<80" frappe-bench
	fi
fi

# --- the bench ---------------------------------------------------------------------------------------

if [ ! -x "$BENCH/env/bin/python" ]; then
	[ -e "$BENCH" ] && die "$BENCH exists but is not a bench; move it away or set CRM_PLUS_BENCH."
	say "making a bench at $BENCH from $FRAPPE_SOURCE ($FRAPPE_BRANCH); this takes several minutes"
	constraints="$(mktemp)"
	echo "setuptools<80" >"$constraints"
	chmod a+r "$constraints"
	as_user env PIP_CONSTRAINT="$constraints" bench init "$BENCH" --frappe-path "$FRAPPE_SOURCE" \
		--frappe-branch "$FRAPPE_BRANCH" --python "$PYTHON" --no-backups
	rm -f "$constraints"
	as_user "$BENCH/env/bin/pip" install --quiet "setuptools<80"
fi

if [ -n "${CRM_PLUS_DB_ROOT_PASSWORD:-}" ]; then
	# recorded for the test command and later runs (root_login / root_password are Frappe's own keys)
	as_user "$BENCH/env/bin/python" - "$BENCH/sites/common_site_config.json" "${CRM_PLUS_DB_ROOT_USER:-root}" \
		"$CRM_PLUS_DB_ROOT_PASSWORD" <<'PY'
import json, sys
path, user, password = sys.argv[1:]
config = json.load(open(path))
config.update(root_login=user, root_password=password)
json.dump(config, open(path, "w"), indent=1, sort_keys=True)
PY
fi
db_root_credentials
link_app
ensure_redis

# --- the site ----------------------------------------------------------------------------------------

if [ ! -d "$BENCH/sites/$SITE" ]; then
	say "creating site $SITE"
	frappe_cli new-site "$SITE" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
		--admin-password "$ADMIN_PASSWORD"
fi
if ! frappe_cli --site "$SITE" list-apps 2>/dev/null | grep -q '^crm_plus'; then
	say "installing crm_plus on $SITE"
	frappe_cli --site "$SITE" install-app crm_plus
fi
frappe_cli --site "$SITE" migrate >/dev/null
frappe_cli --site "$SITE" set-config developer_mode 1 >/dev/null
frappe_cli --site "$SITE" crm-plus-setup-site --language "$LANGUAGE"
frappe_cli use "$SITE" >/dev/null

if [ "$DEMO_CUSTOMERS" -gt 0 ] && ! site_python "$SITE" "import sys; sys.exit(0 if frappe.db.count('CP Customer') else 1)" 2>/dev/null; then
	say "adding demo data ($DEMO_CUSTOMERS customers, $DEMO_ORDERS orders)"
	frappe_cli --site "$SITE" crm-plus-demo --customers "$DEMO_CUSTOMERS" --orders "$DEMO_ORDERS"
fi
stop_started_redis  # `bench start` runs the bench's own Redis

cat <<EOF

  CRM Plus is ready.
    URL:      http://localhost:$PORT   (or http://$SITE:$PORT)
    Login:    Administrator / $ADMIN_PASSWORD
    Demo:     rep01@crm-plus.demo … rep20@crm-plus.demo (销售), manager1@crm-plus.demo, manager2@crm-plus.demo
              (销售经理), pricing@, purchasing@, library@, admin@crm-plus.demo — password CrmPlus#2026
    Bench:    $BENCH    Site: $SITE

EOF

if [ "${CRM_PLUS_NO_START:-0}" = 1 ]; then
	echo "  Start it with: cd $BENCH && bench start   (as $FRAPPE_USER)"
	exit 0
fi
say "starting the bench (Ctrl+C stops it)"
cd "$BENCH"
if [ "$PORT" != 8000 ]; then
	as_user sed -i "s/--port [0-9]*/--port $PORT/" Procfile
fi
exec_as=(runuser -u "$FRAPPE_USER" -- env HOME="$USER_HOME" PATH="$BENCH_CLI_DIR:$BENCH/env/bin:$PATH")
[ "$(id -u)" = 0 ] || exec_as=(env PATH="$BENCH_CLI_DIR:$BENCH/env/bin:$PATH")
exec "${exec_as[@]}" bench start
