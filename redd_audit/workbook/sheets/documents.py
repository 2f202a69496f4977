"""Citations of the project documents (``project.yaml`` ``documents:``: id, title, version,
date) that the auditor receives: Parameters lists them; validated stocks, ex-ante estimates and
claims cite the one they come from.

A document is matched to what it supports by the words of its id and title: claims come from a
monitoring report, validated stocks and ex-ante estimates from the project description. When no
title says so, every document is cited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from redd_audit.project import Project

#: words that mark a document as the source of a kind of figure
KIND_WORDS = {
    "claims": ("monitoring", "mr"),
    "stocks": ("project description", "pd", "validation", "inventory"),
    "exante": ("project description", "pd", "validation"),
    "parameters": ("project description", "pd", "validation"),
}


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    version: str
    date: str

    def citation(self) -> str:
        parts = [self.title or self.id]
        if self.version:
            parts.append(f"version {self.version}")
        if self.date:
            parts.append(f"dated {self.date}")
        return ", ".join(parts)


def _field(item: object, name: str) -> str:
    value = item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)
    return "" if value is None else str(value)


def documents(project: Project) -> list[Document]:
    """The project's documents (empty when ``documents:`` is not given)."""
    raw = getattr(project, "documents", None) or []
    return [
        Document(_field(d, "id"), _field(d, "title"), _field(d, "version"), _field(d, "date"))
        for d in raw
    ]


def _matches(doc: Document, words: tuple[str, ...]) -> bool:
    text = f" {doc.id} {doc.title} ".lower()
    tokens = set(text.replace("-", " ").replace("_", " ").split())
    return any((w in tokens) if " " not in w else (w in text) for w in words)


def cite(project: Project, kind: str) -> str | None:
    """``Source: <title>, version <v>, dated <d>`` for ``kind`` (claims, stocks, exante,
    parameters); None when the project lists no document."""
    docs = documents(project)
    if not docs:
        return None
    chosen = [d for d in docs if _matches(d, KIND_WORDS.get(kind, ()))] or docs
    return "Source: " + "; ".join(d.citation() for d in chosen)
