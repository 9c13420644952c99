#!/usr/bin/env bash
# The run command of crm_plus (see README, "Run a development site").
#
# From nothing but MariaDB and Redis: installs the system packages it needs (as root on Debian), makes a
# bench (Frappe and ERPNext, scripts/provision.sh, the same code as the test command), a development site
# with ERPNext, crm_plus and demo data past both setup wizards, then starts it and prints the URL and the
# logins. Run it again any time: every step is skipped when already done.
#
# Settings (environment variables), besides those of scripts/provision.sh (FRAPPE_SOURCE, ERPNEXT_SOURCE,
# CRM_PLUS_ERPNEXT=0 for a bare Frappe site, CRM_PLUS_BENCH, the database superuser ...):
#   CRM_PLUS_SITE             default: crm.localhost
#   CRM_PLUS_ADMIN_PASSWORD   default: admin
#   CRM_PLUS_LANGUAGE         site and Administrator language (default: zh; en for English)
#   CRM_PLUS_DEMO_CUSTOMERS   default: 2000 (0: no demo data)
#   CRM_PLUS_DEMO_ORDERS      default: customers x 2
#   CRM_PLUS_PORT             web port (default: 8000)
#   CRM_PLUS_NO_START         1: set everything up, print how to start, do not start
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/provision.sh"

SITE="${CRM_PLUS_SITE:-crm.localhost}"
ADMIN_PASSWORD="${CRM_PLUS_ADMIN_PASSWORD:-admin}"
LANGUAGE="${CRM_PLUS_LANGUAGE:-zh}"
DEMO_CUSTOMERS="${CRM_PLUS_DEMO_CUSTOMERS:-2000}"
DEMO_ORDERS="${CRM_PLUS_DEMO_ORDERS:-$((DEMO_CUSTOMERS * 2))}"
PORT="${CRM_PLUS_PORT:-8000}"
WITH_ERPNEXT="${CRM_PLUS_ERPNEXT:-1}"

ensure_system
ensure_bench
ensure_db_superuser
link_app
ensure_redis

# --- the site ----------------------------------------------------------------------------------------

if [ ! -d "$BENCH/sites/$SITE" ]; then
	say "creating site $SITE"
	frappe_cli new-site "$SITE" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
		--admin-password "$ADMIN_PASSWORD"
fi
if [ "$WITH_ERPNEXT" = 1 ] && ! frappe_cli --site "$SITE" list-apps 2>/dev/null | grep '^erpnext' >/dev/null; then
	say "installing ERPNext on $SITE (a few minutes)"
	frappe_cli --site "$SITE" install-app erpnext
fi
if ! frappe_cli --site "$SITE" list-apps 2>/dev/null | grep '^crm_plus' >/dev/null; then
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
    Login:    Administrator / $ADMIN_PASSWORD    (apps: $(frappe_cli --site "$SITE" list-apps 2>/dev/null | awk '{print $1}' | tr '\n' ' '))
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
exec_as=(runuser -u "$FRAPPE_USER" -- env HOME="$USER_HOME" PATH="$BENCH_CLI_DIR:$BENCH/env/bin:/usr/local/bin:/usr/bin:/bin")
[ "$(id -u)" = 0 ] || exec_as=(env PATH="$BENCH_CLI_DIR:$BENCH/env/bin:$PATH")
exec "${exec_as[@]}" bench start
