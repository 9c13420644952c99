#!/usr/bin/env bash
# The test command of crm_plus (see README, "Test").
#
# From a machine with only MariaDB and Redis: installs the system packages it needs (as root on Debian;
# otherwise it stops at once naming each missing one), makes the bench when there is none (Frappe and
# ERPNext from FRAPPE_SOURCE / ERPNEXT_SOURCE, the same code as the run command), then, on each kind of
# throwaway site (ERPNext + crm_plus, and bare Frappe + crm_plus):
#   - installs crm_plus and checks that a second migrate changes nothing;
#   - on the ERPNext site, checks that installing, migrating and uninstalling crm_plus leave ERPNext's
#     records, roles, permissions, workflows and workflow states as they were;
#   - runs every integration test (bench run-tests --app crm_plus: real MariaDB and Redis, a real web
#     server and Chromium for the HTTP and browser tests);
#   - on the ERPNext site, runs Frappe's and ERPNext's own tests of the DocTypes crm_plus touches
#     (Contact, Address, File, Customer, Supplier, Quotation -> Sales Order -> Sales Invoice);
#   - checks that uninstall-app leaves nothing behind, and drops the site;
# runs the pure-Python tests in tests/ (pytest) and ends with one line:
#     N passed, N failed, N skipped
#
# Settings (environment variables), besides those of scripts/provision.sh (sources, bench, database):
#   CRM_PLUS_SITES        the kinds of site to test: "erpnext frappe" (default), "erpnext" or "frappe"
#   CRM_PLUS_TEST_ARGS    extra arguments for run-tests, e.g. "--module crm_plus.tests.test_install"
#   CRM_PLUS_HOST_TESTS   0 skips Frappe's and ERPNext's own tests on the ERPNext site (default 1)
#   CRM_PLUS_KEEP_SITE    1 keeps the throwaway sites (and skips the uninstall checks) for debugging
#   CRM_PLUS_PYTEST_ONLY  1 runs only the pure-Python tests (no bench needed)
#   CRM_PLUS_DB_OPS       1 also runs scripts/check-db-ops.sh (MariaDB restarted under a job, a read
#                         replica: two MariaDB servers of its own; about 5 more minutes)
#   CI                    true: a browser, PDF or ERPNext test that would skip fails instead
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/provision.sh"
cd "$CRM_PLUS_CHECKOUT"

LOG_DIR="$CRM_PLUS_CHECKOUT/test-artifacts"
mkdir -p "$LOG_DIR"
chmod 777 "$LOG_DIR" 2>/dev/null || true
PASSED=0
FAILED=0
SKIPPED=0
STARTED=$SECONDS

# count FILE KIND: add the counts a unittest or pytest run printed into FILE to the totals.
count() {
	local file="$1" kind="$2" out
	out="$(python3 "$CRM_PLUS_CHECKOUT/scripts/count_results.py" "$kind" "$file")" || out="0 1 0"
	read -r p f s <<<"$out"
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	SKIPPED=$((SKIPPED + s))
	say "$kind ($(basename "$file")): $p passed, $f failed, $s skipped"
}

# check NAME CMD...: a harness check counts as one passed or failed test.
check() {
	local name="$1"
	shift
	if "$@"; then
		PASSED=$((PASSED + 1))
		say "check passed: $name"
	else
		FAILED=$((FAILED + 1))
		say "CHECK FAILED: $name"
	fi
}

# run_pytest: the pure-Python tests in tests/, on a plain Python with only openpyxl, python-docx and pytest
# (no framework, no bench): the pure rules must import without Frappe
run_pytest() {
	local venv="${CRM_PLUS_PURE_VENV:-/tmp/crm-plus-pure-venv}"
	if [ ! -x "$venv/bin/pytest" ]; then
		python3 -m venv "$venv" >/dev/null &&
			"$venv/bin/pip" install --quiet --disable-pip-version-check openpyxl python-docx pytest ||
			{ say "could not make the plain Python environment $venv"; FAILED=$((FAILED + 1)); return; }
	fi
	(cd "$CRM_PLUS_CHECKOUT" && "$venv/bin/python" -c 'import frappe' 2>/dev/null) &&
		{ say "$venv can import frappe: it is not a plain Python"; FAILED=$((FAILED + 1)); return; }
	(cd "$CRM_PLUS_CHECKOUT" && "$venv/bin/python" -m pytest tests -q -p no:cacheprovider -rs 2>&1) | tee "$LOG_DIR/pytest.log"
	count "$LOG_DIR/pytest.log" pytest
}

finish() {
	say "took $((SECONDS - STARTED)) s"
	echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
	[ "$FAILED" = 0 ]
	exit $?
}

if [ "${CRM_PLUS_PYTEST_ONLY:-0}" = 1 ]; then
	BENCH=""
	run_pytest
	finish
fi

ensure_system
ensure_bench
ensure_db_superuser
say "bench: $BENCH (owner $(bench_owner)); apps: $(tr '\n' ' ' <"$BENCH/sites/apps.txt")"
link_app
ensure_redis

export CRM_PLUS_ARTIFACTS="$LOG_DIR"
if [ "${CI:-}" = true ]; then
	# nothing may skip for want of a browser, wkhtmltopdf or ERPNext: the tests fail instead
	export CRM_PLUS_REQUIRE_ALL=1
fi

KINDS="${CRM_PLUS_SITES:-erpnext frappe}"
if [[ " $KINDS " == *" erpnext "* ]] && [ ! -d "$BENCH/apps/erpnext" ]; then
	die "CRM_PLUS_SITES asks for an ERPNext site but the bench at $BENCH has no ERPNext (CRM_PLUS_ERPNEXT=0?)"
fi

SITES=()
drop_site() {
	local site="$1"
	[ -d "$BENCH/sites/$site" ] || return 0
	frappe_cli drop-site "$site" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
		--no-backup --force >"$LOG_DIR/drop-site.log" 2>&1 || say "could not drop $site (see $LOG_DIR/drop-site.log)"
	rm -rf "$BENCH/archived_sites/$site" "$BENCH/archived_sites/$site"_*
}
cleanup() {
	local site
	for site in "${SITES[@]}"; do
		if [ "${CRM_PLUS_KEEP_SITE:-0}" = 1 ]; then
			say "keeping site $site (CRM_PLUS_KEEP_SITE=1)"
		else
			drop_site "$site"
		fi
	done
	stop_started_redis
}
trap cleanup EXIT

# Frappe's and ERPNext's own tests of what crm_plus touches: "module [test ...]", one per line
HOST_TESTS=(
	"erpnext.selling.doctype.quotation.test_quotation"
	"erpnext.selling.doctype.sales_order.test_sales_order test_make_sales_invoice test_make_sales_invoice_with_terms test_make_delivery_note"
	"erpnext.selling.doctype.customer.test_customer"
	"erpnext.buying.doctype.supplier.test_supplier"
	"frappe.contacts.doctype.contact.test_contact"
	"frappe.contacts.doctype.address.test_address"
	"frappe.core.doctype.file.test_file"
)

host_state() { site_python "$1" "from crm_plus.devtools import host_state; print(host_state())" 2>>"$LOG_DIR/host-state.log" | tail -1; }

# same_host_state SITE BEFORE-FILE WHEN: the site's host state equals the one saved before install
# (after-install: workflow states and actions crm_plus adds may be new; none may have changed)
same_host_state() {
	local site="$1" before="$2" when="$3" now
	now="$LOG_DIR/host-state-$when.json"
	host_state "$site" >"$now"
	if ! cmp -s "$before" "$now"; then
		"$BENCH/env/bin/python" - "$before" "$now" "$when" <<'PY' || return 1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
additive = {"Workflow State", "Workflow Action Master"} if sys.argv[3] == "after-install" else set()
differs = False
show = lambda v: json.dumps(v, ensure_ascii=False)[:400]
for key in sorted(set(a) | set(b)):
	before, after = a.get(key), b.get(key)
	if before == after:
		continue
	if isinstance(before, list) and isinstance(after, list):
		gone = [r for r in before if r not in after]
		new = [r for r in after if r not in before]
		if key in additive and not gone:
			continue
		print(f"  {key}: {len(gone)} rows gone {show(gone)}; {len(new)} rows new {show(new)}")
	else:
		print(f"  {key}: before {show(before)}; after {show(after)}")
	differs = True
sys.exit(1 if differs else 0)
PY
	fi
}

migrate_is_idempotent() {
	local site="$1" before after
	fingerprint() { frappe_cli --site "$site" execute crm_plus.devtools.install_fingerprint 2>/dev/null | tail -1; }
	frappe_cli --site "$site" migrate >"$LOG_DIR/migrate-1-$KIND.log" 2>&1 || { tail -30 "$LOG_DIR/migrate-1-$KIND.log"; return 1; }
	before="$(fingerprint)"
	frappe_cli --site "$site" migrate >"$LOG_DIR/migrate-2-$KIND.log" 2>&1 || { tail -30 "$LOG_DIR/migrate-2-$KIND.log"; return 1; }
	after="$(fingerprint)"
	[ -n "$before" ] && [ "$before" = "$after" ] || {
		echo "install fingerprint changed across a second migrate: $before -> $after"
		return 1
	}
}

uninstall_leaves_nothing() {
	local site="$1" left
	frappe_cli --site "$site" uninstall-app crm_plus --yes --no-backup --force >"$LOG_DIR/uninstall-$KIND.log" 2>&1 ||
		{ tail -30 "$LOG_DIR/uninstall-$KIND.log"; return 1; }
	left="$(site_python "$site" "from crm_plus.devtools import leftovers; leftovers()" 2>"$LOG_DIR/leftovers.log" | tail -1)"
	[ "$left" = "[]" ] || {
		echo "left behind after uninstall-app: $left"
		return 1
	}
}

# new_erpnext_site SITE KIND: a site with ERPNext, past ERPNext's setup wizard as ERPNext's own test
# runner takes it (a company, a fiscal year)
new_erpnext_site() {
	local site="$1" kind="$2"
	frappe_cli new-site "$site" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
		--admin-password admin --install-app erpnext >"$LOG_DIR/new-site-$kind.log" 2>&1 || { tail -40 "$LOG_DIR/new-site-$kind.log"; return 1; }
	test_site_config "$site"
	frappe_cli --site "$site" execute erpnext.setup.utils.before_tests >"$LOG_DIR/erpnext-setup-$kind.log" 2>&1 ||
		{ tail -30 "$LOG_DIR/erpnext-setup-$kind.log"; return 1; }
}

test_site_config() {
	frappe_cli --site "$1" set-config allow_tests true >/dev/null
	# the suite makes more than the framework's default of 60 users a minute (a guard against sign-up floods)
	frappe_cli --site "$1" set-config --parse throttle_user_limit 100000 >/dev/null
}

# run_host_tests SITE DIR: Frappe's and ERPNext's own tests of HOST_TESTS on SITE, a JUnit report each in DIR
run_host_tests() {
	local site="$1" dir="$2" entry module tests i=0 port
	mkdir -p "$dir" && chmod 777 "$dir"
	# some of them fetch files from the site's own URL (File thumbnails): serve the site meanwhile
	port="$("$BENCH/env/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
	frappe_cli --site "$site" set-config host_name "http://127.0.0.1:$port" >/dev/null
	(cd "$BENCH/sites" && as_owner "$BENCH/env/bin/python" -m frappe.utils.bench_helper \
		frappe --site "$site" serve --port "$port" --noreload) >"$dir/server.log" 2>&1 &
	for entry in "${HOST_TESTS[@]}"; do
		read -r module tests <<<"$entry"
		local args=(--module "$module" --junit-xml-output "$dir/$i.xml")
		for t in $tests; do args+=(--test "$t"); done
		i=$((i + 1))
		frappe_cli --site "$site" run-tests "${args[@]}" >"$dir/$i.log" 2>&1
		say "  $module: $(grep -E '^(Ran|OK|FAILED)' "$dir/$i.log" | tr '\n' ' ')"
	done
	pkill -f -- "--site $site serve --port $port" 2>/dev/null || true
	site_python "$site" "from frappe.installer import update_site_config; update_site_config('host_name', 'None')"
}

# host_tests_compared SITE: the host apps' own tests on a reference site (ERPNext without crm_plus) and on
# SITE (with crm_plus), compared test by test: a test passing without crm_plus must pass with it
host_tests_compared() {
	local site="$1" ref="crm-plus-ref-$$-$((RANDOM % 1000)).localhost" out
	SITES+=("$ref")
	say "[erpnext] reference site $ref (ERPNext without crm_plus) for the host apps' own tests"
	if ! new_erpnext_site "$ref" reference; then
		FAILED=$((FAILED + 1))
		say "[erpnext] could not make the reference site"
		return
	fi
	say "[erpnext] the host apps' own tests without crm_plus ($ref)"
	run_host_tests "$ref" "$LOG_DIR/host-tests-reference"
	drop_site "$ref"
	say "[erpnext] the host apps' own tests with crm_plus ($site)"
	run_host_tests "$site" "$LOG_DIR/host-tests-crm-plus"
	out="$("$BENCH/env/bin/python" "$CRM_PLUS_CHECKOUT/scripts/compare_host_tests.py" \
		"$LOG_DIR/host-tests-reference" "$LOG_DIR/host-tests-crm-plus" "${#HOST_TESTS[@]}")"
	echo "$out" | sed '$d'
	read -r p f s <<<"$(echo "$out" | tail -1)"
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	SKIPPED=$((SKIPPED + s))
	say "the host apps' own tests with crm_plus: $p passed, $f failed (regressions), $s failing without crm_plus too"
}

test_site() {
	KIND="$1"
	local site="crm-plus-$KIND-$$-$((RANDOM % 1000)).localhost" t0=$SECONDS
	SITES+=("$site")
	say "[$KIND] creating throwaway site $site"
	if [ "$KIND" = erpnext ]; then
		new_erpnext_site "$site" "$KIND" || { FAILED=$((FAILED + 1)); say "[erpnext] could not make the site"; return; }
		host_state "$site" >"$LOG_DIR/host-state-before.json"
	else
		frappe_cli new-site "$site" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
			--admin-password admin >"$LOG_DIR/new-site-$KIND.log" 2>&1 || {
			tail -40 "$LOG_DIR/new-site-$KIND.log"
			FAILED=$((FAILED + 1))
			say "[$KIND] could not create the site"
			return
		}
		test_site_config "$site"
	fi
	say "[$KIND] site ready in $((SECONDS - t0)) s"

	check "[$KIND] install-app crm_plus" frappe_cli --site "$site" install-app crm_plus
	check "[$KIND] migrate twice changes nothing" migrate_is_idempotent "$site"
	if [ "$KIND" = erpnext ]; then
		check "[erpnext] install and migrate leave ERPNext's records, roles, permissions and workflows as they were" \
			same_host_state "$site" "$LOG_DIR/host-state-before.json" after-install
		# uninstalled before any test has added records, so that everything else must be as before
		check "[erpnext] uninstall-app leaves no crm_plus DocType, role or customisation" uninstall_leaves_nothing "$site"
		check "[erpnext] uninstall leaves ERPNext's records, roles, permissions and workflows as they were" \
			same_host_state "$site" "$LOG_DIR/host-state-before.json" after-uninstall
		check "[erpnext] install-app crm_plus again after an uninstall" frappe_cli --site "$site" install-app crm_plus
	fi

	if [ "$KIND" = erpnext ] && [ "${CRM_PLUS_HOST_TESTS:-1}" = 1 ] && [ -z "${CRM_PLUS_TEST_ARGS:-}" ]; then
		host_tests_compared "$site"
	fi

	say "[$KIND] integration tests: run-tests --app crm_plus ${CRM_PLUS_TEST_ARGS:-}"
	# shellcheck disable=SC2086
	CRM_PLUS_SITE_KIND="$KIND" frappe_cli --site "$site" run-tests --app crm_plus ${CRM_PLUS_TEST_ARGS:-} 2>&1 |
		tee "$LOG_DIR/run-tests-$KIND.log"
	count "$LOG_DIR/run-tests-$KIND.log" unittest

	if [ "${CRM_PLUS_KEEP_SITE:-0}" != 1 ] && [ -z "${CRM_PLUS_TEST_ARGS:-}" ]; then
		check "[$KIND] uninstall-app leaves no crm_plus DocType, role or customisation (after the tests)" \
			uninstall_leaves_nothing "$site"
	fi
	say "[$KIND] done in $((SECONDS - t0)) s"
}

for kind in $KINDS; do
	test_site "$kind"
done

if [ "${CRM_PLUS_DB_OPS:-0}" = 1 ]; then
	say "MariaDB restart and read replica: scripts/check-db-ops.sh"
	CRM_PLUS_BENCH="$BENCH" bash "$CRM_PLUS_CHECKOUT/scripts/check-db-ops.sh" 2>&1 | tee "$LOG_DIR/check-db-ops.log"
	line="$(tail -1 "$LOG_DIR/check-db-ops.log")"
	if [[ "$line" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
		PASSED=$((PASSED + BASH_REMATCH[1]))
		FAILED=$((FAILED + BASH_REMATCH[2]))
		SKIPPED=$((SKIPPED + BASH_REMATCH[3]))
	else
		FAILED=$((FAILED + 1))
		say "scripts/check-db-ops.sh did not finish: $line"
	fi
fi

run_pytest
finish
