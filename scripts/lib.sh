# Shared helpers of scripts/run-tests.sh and scripts/dev-up.sh. Source it; do not run it.
#
# Settings (environment variables):
#   CRM_PLUS_BENCH             path of a Frappe version-15 bench (made by `bench init`)
#                              default: $HOME/frappe-bench, then /home/frappe/frappe-bench
#   CRM_PLUS_DB_ROOT_USER      MariaDB superuser that may create and drop site databases
#   CRM_PLUS_DB_ROOT_PASSWORD  its password (non-empty). Both default to `root_login` /
#                              `root_password` in the bench's sites/common_site_config.json

CRM_PLUS_CHECKOUT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"

say() { printf '\033[1m[crm_plus]\033[0m %s\n' "$*" >&2; }
die() {
	printf '\033[31m[crm_plus] %s\033[0m\n' "$*" >&2
	exit 2
}

# find_bench: sets BENCH or dies saying what is needed.
find_bench() {
	local candidates=()
	if [ -n "${CRM_PLUS_BENCH:-}" ]; then
		candidates=("$CRM_PLUS_BENCH")
	else
		candidates=("${HOME:-/nonexistent}/frappe-bench" "/home/frappe/frappe-bench")
	fi
	for c in "${candidates[@]}"; do
		if [ -x "$c/env/bin/python" ] && [ -d "$c/apps/frappe" ] && [ -d "$c/sites" ]; then
			BENCH="$(cd "$c" && pwd -P)"
			return 0
		fi
	done
	die "No Frappe bench found (looked in: ${candidates[*]}).
  This command needs a Frappe version-15 bench with MariaDB and Redis reachable from it.
  Make one with scripts/dev-up.sh (see README, 'Install'), or point CRM_PLUS_BENCH at an existing
  bench: CRM_PLUS_BENCH=/path/to/frappe-bench $0"
}

# bench_owner: the user that owns the bench; bench files must stay theirs.
bench_owner() { stat -c %U "$BENCH"; }

# as_owner CMD...: run CMD as the bench's owner (drops root, as bench itself does).
as_owner() {
	local owner
	owner="$(bench_owner)"
	if [ "$(id -u)" = 0 ] && [ "$owner" != root ]; then
		runuser -u "$owner" -- env HOME="$(getent passwd "$owner" | cut -d: -f6)" PATH="$BENCH/env/bin:$PATH" "$@"
	else
		env PATH="$BENCH/env/bin:$PATH" "$@"
	fi
}

# frappe_cli ARGS...: what `bench ARGS...` does for framework commands, without needing the bench CLI.
frappe_cli() {
	(cd "$BENCH/sites" && as_owner "$BENCH/env/bin/python" -m frappe.utils.bench_helper frappe "$@")
}

common_config() {
	# common_config KEY: a value from sites/common_site_config.json ('' when absent)
	"$BENCH/env/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2]) or "")' \
		"$BENCH/sites/common_site_config.json" "$1" 2>/dev/null || true
}

# db_root_credentials: sets DB_ROOT_USER and DB_ROOT_PASSWORD or dies.
db_root_credentials() {
	DB_ROOT_USER="${CRM_PLUS_DB_ROOT_USER:-$(common_config root_login)}"
	DB_ROOT_USER="${DB_ROOT_USER:-root}"
	DB_ROOT_PASSWORD="${CRM_PLUS_DB_ROOT_PASSWORD:-$(common_config root_password)}"
	[ -n "$DB_ROOT_PASSWORD" ] || die "No MariaDB superuser password.
  Frappe creates a database per site and needs a superuser with a non-empty password. Set
  CRM_PLUS_DB_ROOT_USER and CRM_PLUS_DB_ROOT_PASSWORD, or put root_login / root_password into
  $BENCH/sites/common_site_config.json."
}

# link_app: make this checkout the bench's crm_plus app and install it into the bench's Python.
link_app() {
	local app="$BENCH/apps/crm_plus"
	if as_owner test -r "$CRM_PLUS_CHECKOUT/crm_plus/hooks.py"; then
		if [ -e "$app" ] && [ ! -L "$app" ]; then
			local aside
			aside="$BENCH/apps/.crm_plus.$(date +%Y%m%d%H%M%S)"
			say "moving the bench's own crm_plus copy aside to $aside"
			mv "$app" "$aside"
		fi
		as_owner ln -sfn "$CRM_PLUS_CHECKOUT" "$app"
	else
		# The bench's owner cannot read this checkout (e.g. a root-only CI directory): copy it.
		say "the bench user cannot read $CRM_PLUS_CHECKOUT; copying the checkout into the bench"
		[ -L "$app" ] && rm -f "$app"
		mkdir -p "$app"
		rsync -a --delete --exclude .git "$CRM_PLUS_CHECKOUT/" "$app/"
		chown -R "$(bench_owner):" "$app"
	fi
	grep -qx crm_plus "$BENCH/sites/apps.txt" || as_owner sh -c "printf '\ncrm_plus\n' >> '$BENCH/sites/apps.txt' && sed -i '/^$/d' '$BENCH/sites/apps.txt'"

	local want have
	want="$(cd "$app" && pwd -P)/crm_plus/__init__.py"
	have="$(cd "$BENCH/sites" && "$BENCH/env/bin/python" -c 'import crm_plus, docx, openpyxl, pytest, freezegun, xmlrunner; print(crm_plus.__file__)' 2>/dev/null || true)"
	have="$( [ -n "$have" ] && readlink -f "$have" || true)"
	if [ "$have" != "$want" ]; then
		say "installing crm_plus into the bench's Python (pip install -e apps/crm_plus[test])"
		as_owner "$BENCH/env/bin/python" -m pip install --quiet --disable-pip-version-check -e "$app[test]" ||
			die "pip could not install crm_plus into $BENCH/env"
	fi
	# assets: sites/assets/crm_plus -> the app's public folder
	if [ ! -e "$BENCH/sites/assets/crm_plus" ]; then
		as_owner ln -sfn "$app/crm_plus/public" "$BENCH/sites/assets/crm_plus"
	fi
}

# ensure_redis: start the bench's own Redis servers when they are not answering.
STARTED_REDIS=()
ensure_redis() {
	local key url port
	for key in redis_cache redis_queue; do
		url="$(common_config "$key")"
		[ -n "$url" ] || continue
		port="${url##*:}"
		port="${port%%/*}"
		if redis-cli -p "$port" ping >/dev/null 2>&1; then
			continue
		fi
		[ -f "$BENCH/config/$key.conf" ] || die "Redis for $key ($url) is not answering and $BENCH/config/$key.conf does not exist"
		say "starting the bench's $key Redis on port $port"
		(cd "$BENCH" && as_owner redis-server "config/$key.conf" --daemonize yes >/dev/null)
		for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
		redis-cli -p "$port" ping >/dev/null 2>&1 || die "could not start Redis on port $port"
		STARTED_REDIS+=("$port")
	done
}

stop_started_redis() {
	local port
	for port in "${STARTED_REDIS[@]}"; do
		redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
	done
}

# site_python SITE CODE: run CODE in the bench's Python connected to SITE, whether or not crm_plus is
# installed on it (`bench execute` refuses modules of apps a site does not have).
site_python() {
	local site="$1" code="$2"
	(cd "$BENCH/sites" && as_owner "$BENCH/env/bin/python" -c "
import frappe
frappe.init(site='$site', sites_path='.')
frappe.connect()
try:
$(printf '%s\n' "$code" | sed 's/^/	/')
finally:
	frappe.destroy()
")
}
