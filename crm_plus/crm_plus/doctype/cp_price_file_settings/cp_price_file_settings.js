// Copyright (c) 2026, crm_plus contributors and contributors
// For license information, please see license.txt

// frappe.ui.form.on("CP Price File Settings", {
// 	refresh(frm) {

// 	},
// });
