"""The benchmark inputs: the scale case (generated once, cached) and the portfolio projects."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO / "data" / "generate_sample.py"
SAMPLE = REPO / "data" / "raw" / "vcs-868"
STAMP = ".bench-stamp.json"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tree_sha256(folder: Path) -> str:
    """SHA-256 over the names and contents of a folder's files (not recursive, sorted)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).iterdir() if p.is_file()):
        digest.update(path.name.encode())
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def generator_sha256() -> str:
    """SHA-256 of the generator, its modules (data/samplegen) and its data (data/sample_spec)."""
    digest = hashlib.sha256(file_sha256(GENERATOR).encode())
    for folder in (GENERATOR.parent / "samplegen", GENERATOR.parent / "sample_spec"):
        if folder.is_dir():
            digest.update(tree_sha256(folder).encode())
    return digest.hexdigest()


def _stamp(extra_args: list[str]) -> dict[str, object]:
    return {"generator_sha256": generator_sha256(), "args": ["--scale", *extra_args]}


def scale_case(cache: Path, extra_args: list[str] | None = None) -> tuple[Path, dict[str, object]]:
    """The scale case in ``cache/scale-case``: reused when its stamp matches the generator's
    SHA-256 and arguments, regenerated (``data/generate_sample.py --scale``) otherwise.

    Returns the folder and a dict telling whether it was generated and how long it took.
    """
    folder = Path(cache) / "scale-case"
    extra = list(extra_args or [])
    wanted = _stamp(extra)
    stamp_file = folder / STAMP
    if stamp_file.is_file():
        try:
            if json.loads(stamp_file.read_text("utf-8")) == wanted:
                return folder, {"generated": False, "seconds": 0.0}
        except ValueError:
            pass
    if folder.exists():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = folder.with_name(folder.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, str(GENERATOR), "--scale", "--out", str(partial), *extra],
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - began
    (partial / STAMP).write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")
    partial.rename(folder)
    return folder, {"generated": True, "seconds": round(seconds, 2)}


_ID_LINE = re.compile(r"^id:\s*.*$", re.MULTILINE)


def portfolio_projects(root: Path, count: int = 8, source: Path = SAMPLE) -> list[Path]:
    """``count`` copies of the bundled sample under ``root``, each with its own project id
    (``VCS-868-P01`` ...). Recreated on every call so the copies always match the sample."""
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    folders = []
    for i in range(1, count + 1):
        folder = root / f"vcs-868-p{i:02d}"
        shutil.copytree(source, folder)
        yaml_path = folder / "project.yaml"
        text = yaml_path.read_text("utf-8")
        text, n = _ID_LINE.subn(f"id: VCS-868-P{i:02d}", text, count=1)
        if n != 1:
            raise ValueError(f"no top-level 'id:' line in {yaml_path}")
        yaml_path.write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders
