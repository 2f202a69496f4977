"""Cache keys of the audit tasks: content hashes of their inputs and of the code.

A task's result is reused (Prefect state ``Cached``) only when the key is the same, and the key
changes whenever anything the result depends on changes:

* ``collect``: the resolved project folder, the name, size and bytes of every file in it
  (recursively), and the code version;
* ``check`` / ``compute``: the SHA-256 of ``project.yaml`` and of every table that ``collect``
  read (as recorded in its result), the tables found missing, the monitoring period and the
  code version.

The code version is ``redd_audit.__version__`` plus a SHA-256 over the source of the
``redd_audit`` and ``tasks`` packages (``*.py``, ``*.yaml``, ``*.json``) and of the Great
Expectations suites in ``expectations/``: editing any rule, reader, methodology module or
suite invalidates every cached result. Keys are hex strings, so they are valid file names in
the result storage (``PREFECT_RESULTS_LOCAL_STORAGE_PATH``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import redd_audit

_CODE_SUFFIXES = (".py", ".yaml", ".yml", ".json")


def _code_roots() -> list[Path]:
    package_root = Path(redd_audit.__file__).resolve().parent
    tasks_root = Path(__file__).resolve().parent  # not tasks.__file__: None in a namespace install
    return [package_root, tasks_root, tasks_root.parent / "expectations"]


@functools.cache
def code_fingerprint() -> str:
    """SHA-256 over ``redd_audit.__version__`` and the audit's code and suites (computed once)."""
    digest = hashlib.sha256(f"redd-audit {redd_audit.__version__}\n".encode())
    for root in _code_roots():
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix not in _CODE_SUFFIXES or not path.is_file():
                continue
            if "__pycache__" in path.parts:
                continue
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _key(step: str, parts: Iterable[str]) -> str:
    text = "\n".join([step, code_fingerprint(), *parts])
    return f"{step}-{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def collected_parts(collected: Any) -> list[str]:
    """What a ``Collected`` result is made of: file names and SHA-256 of everything read."""
    tables = sorted(
        f"{name}={table.file}:{table.sha256}" for name, table in collected.tables.items()
    )
    return [
        str(Path(collected.project_dir).resolve()),
        f"project.yaml:{collected.project_sha256}",
        *tables,
        "missing=" + ",".join(sorted(collected.missing_tables)),
    ]


def period_key(step: str, collected: Any, start: dt.date, end: dt.date) -> str:
    """Key of a step over one monitoring period of the collected inputs."""
    return _key(step, [*collected_parts(collected), f"period={start}..{end}"])


def check_cache_key(context: Any, parameters: Mapping[str, Any]) -> str:
    """``cache_key_fn`` of the ``check`` task."""
    return period_key("check", parameters["collected"], parameters["start"], parameters["end"])


def compute_cache_key(context: Any, parameters: Mapping[str, Any]) -> str:
    """``cache_key_fn`` of the ``compute`` task."""
    return period_key("compute", parameters["collected"], parameters["start"], parameters["end"])
