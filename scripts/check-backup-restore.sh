#!/usr/bin/env bash
# Proves that a bench backup and restore keep every price file, version and line (SPEC §6, §12).
#
#   CRM_PLUS_BENCH=/path/to/bench bash scripts/check-backup-restore.sh [SITE]
#
# SITE: the site to back up. Without it, a throwaway site is made with crm_plus, demo data (customers
# with price files of one to three versions) and an attachment on a price file, and dropped at the end.
# The site is backed up with `bench backup --with-files` (encrypted with gpg when System Settings >
# Encrypt Backups is on, or always with CRM_PLUS_BACKUP_ENCRYPT=1), restored into a new throwaway site
# with `bench restore`, and the two are compared with crm_plus.pricing.integrity.fingerprint: row
# counts and SHA-256 of every price file, line, share, version record, comment and attachment.
# Prints "backup/restore: identical" and exits 0, or the difference and exits 1.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_bench
db_root_credentials
link_app
ensure_redis

SOURCE="${1:-}"
MADE_SOURCE=0
TARGET="crm-plus-restore-$(date +%s)-$$.localhost"
WORK="$(mktemp -d)"
chown "$(bench_owner):" "$WORK" 2>/dev/null || true
drop() {
	frappe_cli drop-site "$1" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
		--no-backup --force >/dev/null 2>&1 || say "could not drop $1"
	rm -rf "$BENCH/archived_sites/$1" "$BENCH/archived_sites/$1"_*
}
cleanup() {
	[ -d "$BENCH/sites/$TARGET" ] && drop "$TARGET"
	[ "$MADE_SOURCE" = 1 ] && [ -d "$BENCH/sites/$SOURCE" ] && drop "$SOURCE"
	rm -rf "$WORK"
	stop_started_redis
}
trap cleanup EXIT

if [ -z "$SOURCE" ]; then
	SOURCE="crm-plus-backup-$(date +%s)-$$.localhost"
	MADE_SOURCE=1
	say "making the site to back up: $SOURCE (crm_plus and demo data)"
	frappe_cli new-site "$SOURCE" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
		--admin-password admin --install-app crm_plus >"$WORK/new-site.log" 2>&1 || { tail -20 "$WORK/new-site.log"; exit 1; }
	frappe_cli --site "$SOURCE" crm-plus-setup-site --language zh >/dev/null
	frappe_cli --site "$SOURCE" crm-plus-demo --customers 500 --orders 0 | tail -1
	# besides the bulk demo data: an attachment, a share and a tracked change (a Version record)
	site_python "$SOURCE" "
name = frappe.get_all('CP Price File', filters={'docstatus': 1}, pluck='name', limit=1)[0]
frappe.get_doc({'doctype': 'File', 'file_name': '盖章价格函.txt', 'content': '已盖章的价格函 / signed price letter'.encode(),
	'is_private': 1, 'attached_to_doctype': 'CP Price File', 'attached_to_name': name}).insert(ignore_permissions=True)
frappe.share.add_docshare('CP Price File', name, 'rep02@crm-plus.demo', read=1, flags={'ignore_share_permission': True})
draft = frappe.get_doc('CP Price File', frappe.get_all('CP Price File', filters={'status': 'Draft'}, pluck='name', limit=1)[0])
draft.lines[0].unit_price = draft.lines[0].unit_price + 1
draft.save()
frappe.db.commit()"
fi

if [ "${CRM_PLUS_BACKUP_ENCRYPT:-0}" = 1 ]; then
	site_python "$SOURCE" "frappe.db.set_single_value('System Settings', 'encrypt_backup', 1); frappe.db.commit()"
fi

fingerprint() {
	site_python "$1" "from crm_plus.pricing.integrity import fingerprint; fingerprint()" 2>"$WORK/fingerprint.log" | tail -1 ||
		{ tail -20 "$WORK/fingerprint.log" >&2; return 1; }
}
BEFORE="$(fingerprint "$SOURCE")"
say "fingerprint of $SOURCE: $BEFORE"

say "bench --site $SOURCE backup --with-files"
frappe_cli --site "$SOURCE" backup --with-files --backup-path "$WORK" >"$WORK/backup.log" 2>&1 || { cat "$WORK/backup.log"; exit 1; }
DB_FILE="$(ls "$WORK"/*-database*.sql* | head -1)"
PUBLIC="$(ls "$WORK"/*-files*.tar* 2>/dev/null | grep -v private-files | head -1 || true)"
PRIVATE="$(ls "$WORK"/*-private-files*.tar* 2>/dev/null | head -1 || true)"
say "backup: $(basename "$DB_FILE") $(du -h "$DB_FILE" | cut -f1)"
ENCRYPTION=()
if [[ "$DB_FILE" == *-enc* ]]; then
	KEY="$(site_python "$SOURCE" "print(frappe.conf.backup_encryption_key)" 2>/dev/null | tail -1)"
	ENCRYPTION=(--encryption-key "$KEY")
	say "the backup is encrypted (gpg); restoring it with the source site's key"
fi

say "restoring into a new site: $TARGET"
frappe_cli new-site "$TARGET" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
	--admin-password admin >"$WORK/target.log" 2>&1 || { tail -20 "$WORK/target.log"; exit 1; }
frappe_cli --site "$TARGET" restore "$DB_FILE" --db-root-username "$DB_ROOT_USER" \
	--db-root-password "$DB_ROOT_PASSWORD" --force ${PUBLIC:+--with-public-files "$PUBLIC"} \
	${PRIVATE:+--with-private-files "$PRIVATE"} "${ENCRYPTION[@]}" >"$WORK/restore.log" 2>&1 ||
	{ tail -30 "$WORK/restore.log"; exit 1; }

AFTER="$(fingerprint "$TARGET")"
say "fingerprint of $TARGET: $AFTER"
if [ -n "$BEFORE" ] && [ "$BEFORE" = "$AFTER" ]; then
	echo "backup/restore: identical ($BEFORE)"
else
	echo "backup/restore: DIFFERENT"
	echo "  before: $BEFORE"
	echo "  after:  $AFTER"
	exit 1
fi
