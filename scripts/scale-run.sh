#!/usr/bin/env bash
# The scale run (README, "Scale"): demo data at N customers, then every benchmark on it, one after the
# other, each with its wall time, peak memory (GNU time) and the load average before and after, and the
# database's size — the figures of the README, in one log.
#
#   CRM_PLUS_BENCH=/path/to/bench bash scripts/scale-run.sh SITE CUSTOMERS [ORDERS] [LINES_PER_ORDER]
#
# SITE must exist with crm_plus installed (past the setup wizard: crm-plus-setup-site). The demo step is
# skipped when the site already has CUSTOMERS customers or more. ORDERS defaults to CUSTOMERS × 2,
# LINES_PER_ORDER to 5 (1,000,000 customers: 2,000,000 orders, 10,000,000 lines). Settings:
#   CRM_PLUS_SCALE_STEPS  the steps to run, in order (default: all of them, see STEPS below)
#   CRM_PLUS_SCALE_USERS  sessions of the load step (default 20)
#   CRM_PLUS_SCALE_PER_REP  customers per rep after the spread-reps step (default 2000): the demo keeps 20
#                         reps whatever N is; that step adds reps and moves customers to them, and the
#                         rep's list and the load are measured again
# Run it only on a machine nobody else is measuring on: every figure is only as good as the quiet.
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_bench
SITE="${1:?usage: scale-run.sh SITE CUSTOMERS [ORDERS] [LINES_PER_ORDER]}"
N="${2:?usage: scale-run.sh SITE CUSTOMERS [ORDERS] [LINES_PER_ORDER]}"
ORDERS="${3:-$((N * 2))}"
LINES="${4:-5}"
STEPS="${CRM_PLUS_SCALE_STEPS:-demo size customer-list grading allocation reports exports import load spread-reps customer-list load size}"
LOG_DIR="$CRM_PLUS_CHECKOUT/test-artifacts"
mkdir -p "$LOG_DIR" && chmod 777 "$LOG_DIR" 2>/dev/null || true
LOG="$LOG_DIR/scale-$SITE-$N-$(date +%Y%m%d-%H%M%S).log"

load() { cut -d' ' -f1-3 /proc/loadavg; }

# run NAME CMD...: one step, timed, with its peak memory and the load average around it
run() {
	local name="$1" started=$SECONDS
	shift
	echo "=== $name: start $(date +%T), load average $(load)" | tee -a "$LOG"
	(cd "$BENCH/sites" && as_owner /usr/bin/time -f "=== $name: %e s wall, peak RSS %M KiB" \
		"$BENCH/env/bin/python" -m frappe.utils.bench_helper frappe --site "$SITE" "$@") 2>&1 |
		tr '\r' '\n' | grep -v '^Updating\|^\s*$' | tee -a "$LOG"
	echo "=== $name: end $(date +%T) after $((SECONDS - started)) s, load average $(load)" | tee -a "$LOG"
}

customers() { site_python "$SITE" "print(frappe.db.count('CP Customer'))" 2>/dev/null | tail -1; }

for step in $STEPS; do
	case "$step" in
	demo)
		have="$(customers)"
		if [ "${have:-0}" -ge "$N" ]; then
			echo "=== demo: skipped, $SITE has $have customers" | tee -a "$LOG"
		else
			run demo crm-plus-demo --customers "$N" --orders "$ORDERS" --lines-per-order "$LINES"
		fi
		;;
	size)
		site_python "$SITE" "
rows = frappe.db.sql('''select table_name, table_rows, round((data_length + index_length) / 1048576) as mb
	from information_schema.tables where table_schema = %s order by data_length + index_length desc limit 12''',
	frappe.conf.db_name)
total = frappe.db.sql('''select round(sum(data_length + index_length) / 1048576) from information_schema.tables
	where table_schema = %s''', frappe.conf.db_name)[0][0]
print(f'=== size: database {total} MB; largest tables:')
for name, count, mb in rows:
	print(f'    {name:40} ~{count:>12,} rows {mb:>8} MB')
" 2>/dev/null | tee -a "$LOG"
		;;
	customer-list) run customer-list crm-plus-benchmark customer-list --arg calls=50 ;;
	grading) run grading crm-plus-benchmark grading --arg sample=300 ;;
	allocation) run allocation crm-plus-benchmark allocation --arg customers=$((N / 2)) --arg naive_sample=300 ;;
	reports) run reports crm-plus-benchmark reports --arg runs=3 --arg explain=1 ;;
	exports) run exports crm-plus-benchmark exports --arg xlsx=$((N < 100000 ? N : 100000)) --arg docx=10000 ;;
	import) run import crm-plus-benchmark import --arg rows=10000 ;;
	spread-reps) run spread-reps crm-plus-benchmark spread-reps --arg per_rep="${CRM_PLUS_SCALE_PER_REP:-2000}" ;;
	load) run load crm-plus-benchmark load --arg users="${CRM_PLUS_SCALE_USERS:-20}" --arg seconds=45 ;;
	*) die "unknown step $step" ;;
	esac
done
say "log: $LOG"
