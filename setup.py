"""Legacy entry point.

Bench and pip build crm_plus from pyproject.toml (flit_core). This file lets tools that still call
``python setup.py`` (old benches, some IDEs) install the same package with the same metadata.
"""

import re
from pathlib import Path

try:
	import tomllib
except ImportError:  # Python 3.10
	import tomli as tomllib

from setuptools import find_packages, setup

here = Path(__file__).parent
project = tomllib.loads((here / "pyproject.toml").read_text())["project"]
version = re.search(r'__version__ = "([^"]+)"', (here / "crm_plus" / "__init__.py").read_text()).group(1)

setup(
	name=project["name"],
	version=version,
	description=project["description"],
	author=project["authors"][0]["name"],
	author_email=project["authors"][0]["email"],
	packages=find_packages(include=["crm_plus", "crm_plus.*"]),
	zip_safe=False,
	include_package_data=True,
	install_requires=project["dependencies"],
	python_requires=project["requires-python"],
)
