#!/usr/bin/env bash
# The test command of crm_plus (see README, "Test").
#
# Makes this checkout the bench's crm_plus app, creates a throwaway site, installs crm_plus on it,
# checks that migrate is idempotent, runs every integration test (bench run-tests --app crm_plus,
# the browser smoke test among them when Chromium is installed) and the pure-Python tests in tests/
# (pytest), checks that uninstall-app leaves nothing behind, drops the site and ends with one line:
#     N passed, N failed, N skipped
#
# Settings (environment variables), besides those of scripts/lib.sh (CRM_PLUS_BENCH, DB superuser):
#   CRM_PLUS_TEST_ARGS   extra arguments for run-tests, e.g. "--module crm_plus.tests.test_install"
#   CRM_PLUS_KEEP_SITE   1 keeps the throwaway site (and skips the uninstall check) for debugging
#   CRM_PLUS_PYTEST_ONLY 1 runs only the pure-Python tests (no bench needed)
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CRM_PLUS_CHECKOUT"

LOG_DIR="$CRM_PLUS_CHECKOUT/test-artifacts"
mkdir -p "$LOG_DIR"
chmod 777 "$LOG_DIR" 2>/dev/null || true
PASSED=0
FAILED=0
SKIPPED=0

# count FILE KIND: add the counts a unittest or pytest run printed into FILE to the totals.
count() {
	local file="$1" kind="$2" out
	out="$(python3 "$CRM_PLUS_CHECKOUT/scripts/count_results.py" "$kind" "$file")" || out="0 1 0"
	read -r p f s <<<"$out"
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	SKIPPED=$((SKIPPED + s))
	say "$kind: $p passed, $f failed, $s skipped"
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

run_pytest() {
	local bench_python="${BENCH:+$BENCH/env/bin/python}"
	local py="${bench_python:-python3}"
	(cd "$CRM_PLUS_CHECKOUT" && "$py" -m pytest tests -q -p no:cacheprovider -rs 2>&1) | tee "$LOG_DIR/pytest.log"
	count "$LOG_DIR/pytest.log" pytest
}

finish() {
	echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
	[ "$FAILED" = 0 ]
	exit $?
}

if [ "${CRM_PLUS_PYTEST_ONLY:-0}" = 1 ]; then
	BENCH=""
	run_pytest
	finish
fi

find_bench
db_root_credentials
say "bench: $BENCH (owner $(bench_owner))"
link_app
ensure_redis

export CRM_PLUS_ARTIFACTS="$LOG_DIR"
SITE="crm-plus-test-$(date +%s)-$$.localhost"
cleanup() {
	if [ "${CRM_PLUS_KEEP_SITE:-0}" = 1 ]; then
		say "keeping site $SITE (CRM_PLUS_KEEP_SITE=1)"
	elif [ -d "$BENCH/sites/$SITE" ]; then
		frappe_cli drop-site "$SITE" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
			--no-backup --force >"$LOG_DIR/drop-site.log" 2>&1 || say "could not drop $SITE (see $LOG_DIR/drop-site.log)"
		rm -rf "$BENCH/archived_sites/$SITE" "$BENCH/archived_sites/$SITE"_*
	fi
	stop_started_redis
}
trap cleanup EXIT

say "creating throwaway site $SITE"
frappe_cli new-site "$SITE" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
	--admin-password admin >"$LOG_DIR/new-site.log" 2>&1 || {
	tail -40 "$LOG_DIR/new-site.log"
	FAILED=$((FAILED + 1))
	say "could not create the site"
	finish
}
frappe_cli --site "$SITE" set-config allow_tests true >/dev/null

check "install-app crm_plus" frappe_cli --site "$SITE" install-app crm_plus

fingerprint() { frappe_cli --site "$SITE" execute crm_plus.devtools.install_fingerprint 2>/dev/null | tail -1; }
migrate_is_idempotent() {
	frappe_cli --site "$SITE" migrate >"$LOG_DIR/migrate-1.log" 2>&1 || { tail -30 "$LOG_DIR/migrate-1.log"; return 1; }
	local before after
	before="$(fingerprint)"
	frappe_cli --site "$SITE" migrate >"$LOG_DIR/migrate-2.log" 2>&1 || { tail -30 "$LOG_DIR/migrate-2.log"; return 1; }
	after="$(fingerprint)"
	[ -n "$before" ] && [ "$before" = "$after" ] || {
		echo "install fingerprint changed across a second migrate: $before -> $after"
		return 1
	}
}
check "migrate twice changes nothing" migrate_is_idempotent

say "running integration tests: bench --site $SITE run-tests --app crm_plus ${CRM_PLUS_TEST_ARGS:-}"
# shellcheck disable=SC2086
frappe_cli --site "$SITE" run-tests --app crm_plus ${CRM_PLUS_TEST_ARGS:-} 2>&1 | tee "$LOG_DIR/run-tests.log"
count "$LOG_DIR/run-tests.log" unittest

run_pytest

uninstall_leaves_nothing() {
	frappe_cli --site "$SITE" uninstall-app crm_plus --yes --no-backup --force >"$LOG_DIR/uninstall.log" 2>&1 ||
		{ tail -30 "$LOG_DIR/uninstall.log"; return 1; }
	local left
	left="$(site_python "$SITE" "from crm_plus.devtools import leftovers; leftovers()" 2>"$LOG_DIR/leftovers.log" | tail -1)"
	[ "$left" = "[]" ] || {
		echo "left behind after uninstall-app: $left"
		return 1
	}
}
if [ "${CRM_PLUS_KEEP_SITE:-0}" != 1 ] && [ -z "${CRM_PLUS_TEST_ARGS:-}" ]; then
	check "uninstall-app leaves no crm_plus DocType, role or customisation" uninstall_leaves_nothing
fi

finish
