# Provisioning shared by the run command (scripts/dev-up.sh) and the test command (scripts/run-tests.sh):
# the system packages, the MariaDB superuser and the bench (Frappe, and ERPNext unless turned off).
# Source it after lib.sh; do not run it.
#
# Settings (environment variables):
#   FRAPPE_SOURCE              the framework: a git URL or a local git directory
#                              (default: https://github.com/frappe/frappe)
#   FRAPPE_BRANCH              default: version-15
#   ERPNEXT_SOURCE             ERPNext: a git URL or a local git directory
#                              (default: https://github.com/frappe/erpnext)
#   ERPNEXT_BRANCH             default: version-15
#   CRM_PLUS_ERPNEXT           1 (default): the bench gets ERPNext; 0: Frappe only
#   CRM_PLUS_FRAPPE_USER       as root, the unprivileged user that owns the bench (default: frappe;
#                              created when missing). bench refuses to run as root.
#   CRM_PLUS_PYTHON            the bench's Python (>= 3.10; default: the first python3.11, 3.12, 3.10
#                              the bench user can run; as root pyenv's under /root is not)
#   CRM_PLUS_DB_ROOT_USER      MariaDB superuser that creates and drops site databases
#   CRM_PLUS_DB_ROOT_PASSWORD  its password (non-empty). As root, when neither is set nor recorded in
#                              the bench, a superuser crm_plus_root is made over MariaDB's socket with
#                              a generated password and recorded in common_site_config.json.
#   CRM_PLUS_DB_SUPERUSER_FILE where root keeps that generated password, one per machine so that every
#                              bench uses the same (default: /var/lib/crm-plus/db-superuser)
#   CRM_PLUS_INSTALL_SYSTEM    1 (default as root on Debian): install missing system packages with apt;
#                              0: only check them and stop, naming each missing one

BENCH_CLI_VERSION="frappe-bench>=5.22,<6"

is_root() { [ "$(id -u)" = 0 ]; }

# ensure_bench_user: sets FRAPPE_USER and USER_HOME (as root: the unprivileged bench owner)
ensure_bench_user() {
	FRAPPE_USER="${CRM_PLUS_FRAPPE_USER:-frappe}"
	if is_root; then
		if ! id "$FRAPPE_USER" >/dev/null 2>&1; then
			say "creating the unprivileged user $FRAPPE_USER (bench refuses to run as root)"
			useradd -m -s /bin/bash "$FRAPPE_USER"
		fi
		USER_HOME="$(getent passwd "$FRAPPE_USER" | cut -d: -f6)"
		chmod o+rx "$USER_HOME"
	else
		FRAPPE_USER="$(id -un)"
		USER_HOME="${HOME:-$(getent passwd "$FRAPPE_USER" | cut -d: -f6)}"
	fi
	BENCH_CLI_DIR="$USER_HOME/.crm-plus-bench-cli/bin"
}

# as_user CMD...: run CMD as the bench user, with the bench CLI on PATH
as_user() {
	local path="$BENCH_CLI_DIR:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
	if is_root; then
		runuser -u "$FRAPPE_USER" -- env HOME="$USER_HOME" PATH="$path" UV_NATIVE_TLS=1 LANG=C.UTF-8 "$@"
	else
		env PATH="$path:$PATH" UV_NATIVE_TLS=1 "$@"
	fi
}

# --- system packages -----------------------------------------------------------------------------------

# missing_system_requirements: one line per missing requirement, "<Debian package> <what is missing>"
missing_system_requirements() {
	local pair pkg cmd
	for pair in git:git curl:curl rsync:rsync redis-server:redis-server redis-tools:redis-cli \
		nodejs:node chromium:chromium chromium-driver:chromedriver wkhtmltopdf:wkhtmltopdf \
		pkg-config:pkg-config build-essential:gcc mariadb-client:mariadb fontconfig:fc-list; do
		pkg="${pair%%:*}" cmd="${pair#*:}"
		command -v "$cmd" >/dev/null 2>&1 || echo "$pkg command $cmd"
	done
	command -v node >/dev/null 2>&1 && ! command -v npm >/dev/null 2>&1 && echo "npm command npm"
	fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || echo "fonts-noto-cjk CJK fonts for PDFs"
	[ -e /usr/include/mariadb/mysql.h ] || echo "libmariadb-dev MariaDB client headers"
	local py="${CRM_PLUS_PYTHON:-/usr/bin/python3.11}"
	"$py" -c 'import venv, ensurepip, sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
		>/dev/null 2>&1 || echo "python3.11-venv,python3.11-dev $py with venv, ensurepip and headers"
	if ! command -v yarn >/dev/null 2>&1 || [[ "$(yarn --version 2>/dev/null)" != 1.22.* ]]; then
		echo "- yarn classic 1.22 (npm install -g yarn@1.22.22; found: $(yarn --version 2>/dev/null || echo none))"
	fi
}

# ensure_system: as root on Debian, installs what is missing; otherwise stops naming every missing piece
ensure_system() {
	local missing packages
	missing="$(missing_system_requirements)"
	[ -z "$missing" ] && return 0
	local install="${CRM_PLUS_INSTALL_SYSTEM:-}"
	if [ -z "$install" ]; then
		install=0
		is_root && command -v apt-get >/dev/null 2>&1 && install=1
	fi
	if [ "$install" = 1 ]; then
		packages="$(echo "$missing" | cut -d' ' -f1 | grep -vx -- - | tr ',' '\n' | sort -u | tr '\n' ' ')"
		if [ -n "${packages// /}" ]; then
			say "installing system packages (apt): $packages"
			export DEBIAN_FRONTEND=noninteractive
			apt-get update -q >/tmp/crm-plus-apt.log 2>&1 || { tail -20 /tmp/crm-plus-apt.log; die "apt-get update failed"; }
			# shellcheck disable=SC2086
			apt-get install -y -q --no-install-recommends $packages >>/tmp/crm-plus-apt.log 2>&1 ||
				{ tail -20 /tmp/crm-plus-apt.log; die "apt-get install $packages failed (log: /tmp/crm-plus-apt.log)"; }
		fi
		if ! command -v yarn >/dev/null 2>&1 || [[ "$(yarn --version 2>/dev/null)" != 1.22.* ]]; then
			say "installing yarn 1.22.22 (npm install -g)"
			npm install -g --silent yarn@1.22.22 >/dev/null 2>&1 || die "npm install -g yarn@1.22.22 failed"
			hash -r
		fi
		missing="$(missing_system_requirements)"
		[ -z "$missing" ] && return 0
	fi
	die "missing system requirements (nothing was started):
$(echo "$missing" | sed 's/^[^ ]* /  - /')
  On Debian as root the test and run commands install them (apt-get, npm); otherwise install them first."
}

# --- MariaDB ---------------------------------------------------------------------------------------------

mariadb_cli() { command -v mariadb >/dev/null 2>&1 && mariadb "$@" || mysql "$@"; }

# ensure_mariadb_settings: Frappe wants utf8mb4 / utf8mb4_unicode_ci. As root, sets them on the running
# server and in its configuration (so a restart keeps them); otherwise checks them.
ensure_mariadb_settings() {
	local charset collation
	read -r charset collation < <(mariadb_root -N -e "select @@character_set_server, @@collation_server" 2>/dev/null) ||
		die "cannot reach MariaDB as the superuser $DB_ROOT_USER"
	[ "$charset" = utf8mb4 ] && [ "$collation" = utf8mb4_unicode_ci ] && return 0
	if is_root; then
		say "MariaDB: character_set_server=utf8mb4, collation_server=utf8mb4_unicode_ci (was $charset / $collation)"
		mariadb_root -e "SET GLOBAL character_set_server='utf8mb4'; SET GLOBAL collation_server='utf8mb4_unicode_ci'"
		local conf=/etc/mysql/my.cnf
		if [ -d /etc/mysql/mariadb.conf.d ]; then
			printf '[mysqld]\ncharacter-set-server = utf8mb4\ncollation-server = utf8mb4_unicode_ci\n' \
				>/etc/mysql/mariadb.conf.d/99-crm-plus-frappe.cnf
		elif [ -f "$conf" ]; then
			sed -i -e '/^collation-server/d' -e '/^character-set-server/d' "$conf"
			sed -i '/^\[mysqld\]/a character-set-server = utf8mb4\ncollation-server = utf8mb4_unicode_ci' "$conf"
		fi
	else
		die "MariaDB must use utf8mb4 / utf8mb4_unicode_ci (it uses $charset / $collation). As a superuser:
  SET GLOBAL character_set_server='utf8mb4'; SET GLOBAL collation_server='utf8mb4_unicode_ci';
  and the same under [mysqld] in its configuration."
	fi
}

MARIADB_SOCKET=""
find_mariadb_socket() {
	local s
	for s in /run/mysqld/mysqld.sock /var/run/mysqld/mysqld.sock /tmp/mysql.sock; do
		[ -S "$s" ] && { MARIADB_SOCKET="$s"; return 0; }
	done
	return 1
}

mariadb_root() {
	if [ -n "$MARIADB_SOCKET" ]; then
		MYSQL_PWD="$DB_ROOT_PASSWORD" mariadb_cli -u"$DB_ROOT_USER" --socket="$MARIADB_SOCKET" "$@"
	else
		MYSQL_PWD="$DB_ROOT_PASSWORD" mariadb_cli -u"$DB_ROOT_USER" -h127.0.0.1 "$@"
	fi
}

# db_login_works USER PASSWORD: whether MariaDB lets USER in with PASSWORD
db_login_works() {
	local socket_args=()
	[ -n "${MARIADB_SOCKET:-}" ] && socket_args=(--socket="$MARIADB_SOCKET")
	mariadb_cli -u"$1" -p"$2" "${socket_args[@]}" -e 'select 1' >/dev/null 2>&1
}

# The generated superuser's password, kept by root so that every bench on the machine uses the same one
# (a second bench must not change the password the first one recorded).
DB_SUPERUSER_FILE="${CRM_PLUS_DB_SUPERUSER_FILE:-/var/lib/crm-plus/db-superuser}"

# ensure_db_superuser: sets DB_ROOT_USER / DB_ROOT_PASSWORD and records them (and the socket) in the bench
ensure_db_superuser() {
	find_mariadb_socket || true
	DB_ROOT_USER="${CRM_PLUS_DB_ROOT_USER:-$(common_config root_login)}"
	DB_ROOT_PASSWORD="${CRM_PLUS_DB_ROOT_PASSWORD:-$(common_config root_password)}"
	if [ -z "${CRM_PLUS_DB_ROOT_PASSWORD:-}" ] && [ "$DB_ROOT_USER" = crm_plus_root ] && [ -n "$DB_ROOT_PASSWORD" ] &&
		! db_login_works "$DB_ROOT_USER" "$DB_ROOT_PASSWORD"; then
		DB_ROOT_PASSWORD=""  # the recorded password of our own superuser is stale: make it right below
	fi
	if [ -z "$DB_ROOT_PASSWORD" ] && is_root && [ -n "$MARIADB_SOCKET" ] &&
		mariadb_cli -uroot --socket="$MARIADB_SOCKET" -e 'select 1' >/dev/null 2>&1; then
		DB_ROOT_USER=crm_plus_root
		[ -r "$DB_SUPERUSER_FILE" ] && DB_ROOT_PASSWORD="$(cat "$DB_SUPERUSER_FILE")"
		if [ -z "$DB_ROOT_PASSWORD" ]; then
			DB_ROOT_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)"
			mkdir -p "$(dirname "$DB_SUPERUSER_FILE")"
			(umask 077 && printf '%s' "$DB_ROOT_PASSWORD" >"$DB_SUPERUSER_FILE")
		fi
		if ! db_login_works "$DB_ROOT_USER" "$DB_ROOT_PASSWORD"; then
			say "MariaDB: making the superuser $DB_ROOT_USER (Frappe needs one with a password)"
			mariadb_cli -uroot --socket="$MARIADB_SOCKET" -e "
				CREATE USER IF NOT EXISTS '$DB_ROOT_USER'@'localhost';
				ALTER USER '$DB_ROOT_USER'@'localhost' IDENTIFIED BY '$DB_ROOT_PASSWORD';
				CREATE USER IF NOT EXISTS '$DB_ROOT_USER'@'127.0.0.1';
				ALTER USER '$DB_ROOT_USER'@'127.0.0.1' IDENTIFIED BY '$DB_ROOT_PASSWORD';
				GRANT ALL PRIVILEGES ON *.* TO '$DB_ROOT_USER'@'localhost' WITH GRANT OPTION;
				GRANT ALL PRIVILEGES ON *.* TO '$DB_ROOT_USER'@'127.0.0.1' WITH GRANT OPTION;
				FLUSH PRIVILEGES;" || die "could not create the MariaDB superuser $DB_ROOT_USER"
		fi
	fi
	DB_ROOT_USER="${DB_ROOT_USER:-root}"
	[ -n "$DB_ROOT_PASSWORD" ] || die "No MariaDB superuser password.
  Frappe creates a database per site and needs a superuser with a non-empty password. Set
  CRM_PLUS_DB_ROOT_USER and CRM_PLUS_DB_ROOT_PASSWORD, or put root_login / root_password into
  $BENCH/sites/common_site_config.json."
	ensure_mariadb_settings
	local socket_arg=""
	[ -n "$MARIADB_SOCKET" ] && socket_arg="$MARIADB_SOCKET"
	# recorded for the test command and later runs (root_login / root_password / db_socket are Frappe's keys)
	as_owner "$BENCH/env/bin/python" - "$BENCH/sites/common_site_config.json" "$DB_ROOT_USER" \
		"$DB_ROOT_PASSWORD" "$socket_arg" <<'PY'
import json, sys
path, user, password, socket = sys.argv[1:]
config = json.load(open(path))
new = dict(config, root_login=user, root_password=password)
if socket:
	new["db_socket"] = socket
if new != config:
	json.dump(new, open(path, "w"), indent=1, sort_keys=True)
PY
}

# --- the bench -------------------------------------------------------------------------------------------

# bench_python: the first Python >= 3.10 that the bench user can run
bench_python() {
	local candidate
	python_ok() { as_user "$1" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1; }
	if [ -n "${CRM_PLUS_PYTHON:-}" ]; then
		python_ok "$CRM_PLUS_PYTHON" || die "$CRM_PLUS_PYTHON is older than 3.10, or $FRAPPE_USER cannot run it."
		echo "$CRM_PLUS_PYTHON"
		return
	fi
	for candidate in /usr/bin/python3.11 /usr/bin/python3.12 /usr/bin/python3.10 \
		$(command -v python3.11 python3.12 python3.10 python3 2>/dev/null); do
		if python_ok "$candidate"; then
			echo "$candidate"
			return
		fi
	done
	die "a Python 3.10 or newer that $FRAPPE_USER can run is needed (set CRM_PLUS_PYTHON)."
}

# source_for NAME URL-OR-PATH: a source bench can clone. A local git bundle is cloned first into a
# directory the bench user can read (bench clones directories and URLs, not bundle files).
source_for() {
	local name="$1" src="$2" branch="$3"
	if [ -f "$src" ]; then
		local dir="$USER_HOME/.crm-plus-sources/$name"
		if [ ! -d "$dir/.git" ] || [ "$(git -C "$dir" rev-parse HEAD 2>/dev/null)" != "$(git ls-remote "$src" "refs/heads/$branch" | cut -f1)" ]; then
			say "cloning $src into $dir"
			rm -rf "$dir"
			as_user mkdir -p "$(dirname "$dir")"
			local tmp
			tmp="$(mktemp -d)"
			git clone -q -b "$branch" "$src" "$tmp/$name" || die "could not clone $src"
			mv "$tmp/$name" "$dir"
			rm -rf "$tmp"
			is_root && chown -R "$FRAPPE_USER:" "$dir"
		fi
		echo "$dir"
	else
		echo "$src"
	fi
}

# ensure_bench: sets BENCH; makes the bench (and gets ERPNext) when it does not exist yet
ensure_bench() {
	ensure_bench_user
	BENCH="${CRM_PLUS_BENCH:-$USER_HOME/frappe-bench}"
	local frappe_branch="${FRAPPE_BRANCH:-version-15}" erpnext_branch="${ERPNEXT_BRANCH:-version-15}"
	if [ ! -x "$BENCH_CLI_DIR/bench" ]; then
		local py
		py="$(bench_python)"
		say "installing the bench CLI ($BENCH_CLI_VERSION) into $USER_HOME/.crm-plus-bench-cli"
		as_user "$py" -m venv "$USER_HOME/.crm-plus-bench-cli" || die "could not make a virtualenv with $py"
		# this Frappe release still imports pkg_resources, which setuptools 80 dropped
		as_user "$BENCH_CLI_DIR/pip" install --quiet --disable-pip-version-check "setuptools<80" "$BENCH_CLI_VERSION" ||
			die "could not install $BENCH_CLI_VERSION"
	fi
	if [ ! -x "$BENCH/env/bin/python" ]; then
		[ -e "$BENCH" ] && die "$BENCH exists but is not a bench; move it away or set CRM_PLUS_BENCH."
		local frappe_src py started=$SECONDS
		frappe_src="$(source_for frappe "${FRAPPE_SOURCE:-https://github.com/frappe/frappe}" "$frappe_branch")"
		py="$(bench_python)"
		say "making a bench at $BENCH from $frappe_src ($frappe_branch, $py); this takes several minutes"
		as_user mkdir -p "$(dirname "$BENCH")"
		as_user bench init "$BENCH" --frappe-path "$frappe_src" --frappe-branch "$frappe_branch" \
			--python "$py" --no-backups >"${LOG_DIR:-/tmp}/bench-init.log" 2>&1 ||
			{ tail -40 "${LOG_DIR:-/tmp}/bench-init.log"; die "bench init failed (log: ${LOG_DIR:-/tmp}/bench-init.log)"; }
		# bench installs with uv, which ignores PIP_CONSTRAINT; this Frappe still imports pkg_resources
		as_user "$BENCH/env/bin/python" -m pip install --quiet --disable-pip-version-check "setuptools<80" ||
			die "could not install setuptools<80 into the bench"
		say "bench made in $((SECONDS - started)) s"
	fi
	BENCH="$(cd "$BENCH" && pwd -P)"
	if [ "${CRM_PLUS_ERPNEXT:-1}" = 1 ] && [ ! -d "$BENCH/apps/erpnext" ]; then
		local erpnext_src started=$SECONDS
		erpnext_src="$(source_for erpnext "${ERPNEXT_SOURCE:-https://github.com/frappe/erpnext}" "$erpnext_branch")"
		say "getting ERPNext from $erpnext_src ($erpnext_branch)"
		(cd "$BENCH" && as_user bench get-app --branch "$erpnext_branch" --skip-assets "$erpnext_src") \
			>"${LOG_DIR:-/tmp}/get-app-erpnext.log" 2>&1 ||
			{ tail -40 "${LOG_DIR:-/tmp}/get-app-erpnext.log"; die "bench get-app erpnext failed"; }
		(cd "$BENCH" && as_user bench build --app erpnext) >>"${LOG_DIR:-/tmp}/get-app-erpnext.log" 2>&1 ||
			{ tail -40 "${LOG_DIR:-/tmp}/get-app-erpnext.log"; die "bench build --app erpnext failed"; }
		as_user "$BENCH/env/bin/python" -m pip install --quiet --disable-pip-version-check "setuptools<80"
		say "ERPNext added in $((SECONDS - started)) s"
	fi
}

has_erpnext() { [ -d "$BENCH/apps/erpnext" ] && grep -qx erpnext "$BENCH/sites/apps.txt"; }
