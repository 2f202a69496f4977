"""redd_audit.workbook.sheets.documents: document citations matched by kind."""

from __future__ import annotations

from redd_audit.project import Project
from redd_audit.workbook.sheets.documents import Document, cite, documents
from tests.workbook.case import project_dict


def _project(docs: list[dict[str, object]]) -> Project:
    data = project_dict()
    data["documents"] = docs
    return Project.model_validate(data)


def test_citation_parts() -> None:
    assert Document("PD", "Project description", "2.1", "2019-01-02").citation() == (
        "Project description, version 2.1, dated 2019-01-02"
    )
    assert Document("PD", "", "", "").citation() == "PD"


def test_no_documents_no_citation() -> None:
    project = _project([])
    assert documents(project) == []
    assert cite(project, "claims") is None


def test_cite_by_kind() -> None:
    project = _project(
        [
            {"id": "PD-1", "title": "Project description", "version": "3", "date": "2018-05-01"},
            {"id": "MR-2020", "title": "Monitoring report 2019-2020"},
        ]
    )
    assert [d.id for d in documents(project)] == ["PD-1", "MR-2020"]
    assert documents(project)[0].date == "2018-05-01"
    assert cite(project, "claims") == "Source: Monitoring report 2019-2020"
    assert cite(project, "stocks") == "Source: Project description, version 3, dated 2018-05-01"
    assert cite(project, "exante") == cite(project, "parameters") == cite(project, "stocks")


def test_every_document_when_none_matches() -> None:
    project = _project([{"id": "A", "title": "Annex"}, {"id": "B", "title": "Letter"}])
    assert cite(project, "claims") == "Source: Annex; Letter"
    # "mr" matches as a word, not inside another word
    assert cite(_project([{"id": "X", "title": "Mrs note"}]), "claims") == "Source: Mrs note"
