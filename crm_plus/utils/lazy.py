"""Public names of a package, imported from its modules on first use (PEP 562).

A domain package's ``__init__`` lists what it offers and where it lives, without importing the framework:
its pure modules (scores, forecast) then import on a plain Python, with no bench."""

import importlib
import importlib.util
from collections.abc import Callable


def public_names(
	package: str, names: dict[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
	"""(__getattr__, __dir__) for `package`, whose `names` map each public name to its module.

	A public name may not be the name of one of the package's modules: once that module is imported,
	Python sets it as the package's attribute and it would hide the public name."""
	clashes = sorted(n for n in names if importlib.util.find_spec(f"{package}.{n}") is not None)
	if clashes:
		raise ImportError(f"{package}: public names {clashes} are also names of its modules")

	def __getattr__(name: str) -> object:
		try:
			module = names[name]
		except KeyError:
			raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
		return getattr(importlib.import_module(f"{package}.{module}"), name)

	def __dir__() -> list[str]:
		return sorted(names)

	return __getattr__, __dir__
