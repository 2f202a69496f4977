"""Software versions recorded with every output (manifest.json, the statement, deduct)."""

from __future__ import annotations

import platform
from collections.abc import Iterable
from importlib import metadata

from redd_audit import __version__


def software_versions(packages: Iterable[str]) -> dict[str, str]:
    """``{"redd-audit": ..., "python": ..., <package>: <version or "not installed">}``."""
    versions = {"redd-audit": __version__, "python": platform.python_version()}
    for name in packages:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions
