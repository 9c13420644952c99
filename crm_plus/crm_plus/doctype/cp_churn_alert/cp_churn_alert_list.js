// Copyright (c) 2026, crm_plus contributors
// For license information, please see license.txt

frappe.listview_settings["CP Churn Alert"] = {
	get_indicator(doc) {
		const colors = { Open: "red", Acknowledged: "orange", Closed: "green" };
		return [
			__(doc.status, null, "CP Churn Alert"),
			colors[doc.status] || "gray",
			`status,=,${doc.status}`,
		];
	},
};
