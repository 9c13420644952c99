"""Script report columns, one line each."""


def column(
	fieldname: str, label: str, fieldtype: str = "Data", width: int = 120, options: str | None = None, **more
) -> dict:
	"""A report column: `label` already translated (``_("...")`` at the call)."""
	spec = {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **more}
	if options:
		spec["options"] = options
	return spec


def card(label: str, value, datatype: str = "Int", indicator: str = "Blue") -> dict:
	"""A report summary card: `label` already translated."""
	return {"label": label, "value": value, "datatype": datatype, "indicator": indicator}
