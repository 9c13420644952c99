"""Every place crm_plus replaces framework behaviour, fenced in this package (README, "How it is built").

Each whitelisted-method override in hooks.py is made with :func:`extends`, which gives the override the
framework function's own signature at run time (``functools.wraps``): the framework's request handler
passes it exactly the arguments the framework function takes, whatever the framework version, and the
override hands them on untouched. The override reads the arguments it needs by name from the bound
arguments; a test (crm_plus/tests/test_overrides.py) fails when the framework function no longer has
one of those names, when an override's signature differs from the framework's, and when an override
answers differently from the framework for a framework DocType or an ERPNext one.
"""

import functools
import inspect
from collections.abc import Callable
from typing import Any

import frappe

# override -> (framework function, the parameter names the override reads); filled by @extends
REGISTRY: dict[str, tuple[Callable, tuple[str, ...]]] = {}

# hooked paths of methods that not every supported version has: path -> the version that has it. Where
# the method is missing nothing calls the path and the override is not imported; where it is there, the
# override is pinned like every other (crm_plus/tests/test_overrides.py).
NOT_EVERYWHERE = {
	"erpnext.selling.doctype.customer.customer.get_customer_primary_contact": "ERPNext 16",
	"erpnext.stock.doctype.shipment.shipment.get_contact_name": "ERPNext 15 and 16",
}


class Call:
	"""One call of an overridden framework function: its bound arguments and the framework itself."""

	def __init__(self, framework: Callable, args: tuple, kwargs: dict):
		self.framework = framework
		self._args = args
		self._kwargs = kwargs
		bound = inspect.signature(framework).bind(*args, **kwargs)
		bound.apply_defaults()
		self.arguments: dict[str, Any] = dict(bound.arguments)

	def __getitem__(self, name: str) -> Any:
		return self.arguments[name]

	def original(self) -> Any:
		"""The framework's answer, called exactly as the override was called."""
		return self.framework(*self._args, **self._kwargs)

	def with_arguments(self, **changes: Any) -> Any:
		"""The framework's answer with some arguments replaced (e.g. a flag the caller may not set)."""
		return self.framework(**{**self.arguments, **changes})


def extends(framework: Callable, reads: tuple[str, ...] = ()):
	"""Decorate ``fn(call: Call)`` as a whitelisted override of ``framework``.

	``reads``: the framework parameters ``fn`` reads by name (pinned by the override tests)."""

	def decorator(fn: Callable[[Call], Any]) -> Callable:
		@functools.wraps(framework)
		def override(*args, **kwargs):
			return fn(Call(framework, args, kwargs))

		override.__module__ = fn.__module__
		override.__qualname__ = fn.__qualname__
		override.__name__ = fn.__name__
		override.__doc__ = fn.__doc__
		whitelisted = frappe.whitelist()(override)
		REGISTRY[f"{fn.__module__}.{fn.__name__}"] = (framework, tuple(reads))
		return whitelisted

	return decorator
