"""A linked supplier's on-time rate from its ERPNext purchases (CP ERPNext Settings: "On-time Rate from
ERPNext Purchases"): a submitted Purchase Order counts once it is fully received or its schedule date has
passed; it was on time when it is fully received and its last submitted Purchase Receipt is dated on or
before the order's schedule date. One query for all the suppliers asked for."""

import frappe

from crm_plus.doctypes import SUPPLIER
from crm_plus.integrations.erpnext import setting


def purchase_figures(suppliers: list[str] | None, today) -> dict[str, tuple[int, int]]:
	"""CP Supplier -> (purchase orders counted, of which on time), for suppliers linked to ERPNext; {} when
	the setting is off."""
	if not setting("supplier_on_time_from_erpnext"):
		return {}
	only = "and `cs`.`name` in %(suppliers)s" if suppliers is not None else ""
	rows = frappe.db.sql(
		f"""select `cs`.`name`, count(*),
			sum(case when `po`.`per_received` >= 100 and `r`.`received` <= `po`.`schedule_date` then 1 else 0 end)
		from `tabPurchase Order` `po`
		join `tab{SUPPLIER}` `cs` on `cs`.`erpnext_supplier` = `po`.`supplier`
		left join (
			select `pri`.`purchase_order`, max(`pr`.`posting_date`) as `received`
			from `tabPurchase Receipt Item` `pri` join `tabPurchase Receipt` `pr` on `pr`.`name` = `pri`.`parent`
			where `pr`.`docstatus` = 1 and ifnull(`pri`.`purchase_order`, '') != ''
			group by `pri`.`purchase_order`
		) `r` on `r`.`purchase_order` = `po`.`name`
		where `po`.`docstatus` = 1 and (`po`.`per_received` >= 100 or `po`.`schedule_date` < %(today)s) {only}
		group by `cs`.`name`""",  # nosemgrep: names are constants; values are parameters
		{"today": today, "suppliers": suppliers or None},
	)
	return {name: (int(counted), int(on_time or 0)) for name, counted, on_time in rows}
