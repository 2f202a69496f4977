"""redd_audit/versions.py: the software versions recorded with every output."""

from __future__ import annotations

import platform
from importlib import metadata

from redd_audit import __version__
from redd_audit.versions import software_versions


def test_versions_name_the_tool_python_and_each_package() -> None:
    got = software_versions(["numpy", "no-such-package-here"])
    assert list(got) == ["redd-audit", "python", "numpy", "no-such-package-here"]
    assert got["redd-audit"] == __version__
    assert got["python"] == platform.python_version()
    assert got["numpy"] == metadata.version("numpy")
    assert got["no-such-package-here"] == "not installed"
