"""Customer price files (客户价格文件; README, "Customer price files"): the rules around the CP Price File DocType.

- lines.py      the columns of a price line and the rules every line set obeys (form, import, copy)
- cells.py      reading spreadsheet cells as numbers and dates (pure, tested with pytest)
- versions.py   lineage, new revision, restore, supersede and compare
- excel.py      formatted .xlsx export, import template, validated import
- word.py       the price letter (.docx)
- reminders.py  the daily jobs: expire files, remind owners before expiry / contract end / review
- integrity.py  a fingerprint of every price file, version and line (backup round-trip check)

Who sees a price file is decided in crm_plus/permissions/price_file.py.
"""

from crm_plus.doctypes import PRICE_FILE, PRICE_FILE_ITEM

# statuses: the first three are drafts (docstatus 0), the others are kept for ever (docstatus 1)
DRAFT = "Draft"
PENDING_REVIEW = "Pending Review"
REJECTED = "Rejected"
APPROVED = "Approved"
EXPIRED = "Expired"
SUPERSEDED = "Superseded"
EDITABLE_STATUSES = (DRAFT, REJECTED)
DRAFT_STATUSES = (DRAFT, PENDING_REVIEW, REJECTED)
KEPT_STATUSES = (APPROVED, EXPIRED, SUPERSEDED)

WORKFLOW = "CP Price File Approval"
