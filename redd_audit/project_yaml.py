"""Reading ``project.yaml`` so that every refusal names its line (issue 14).

- YAML is parsed with the safe loader; a duplicate key at any level is refused with both lines
  (YAML would silently keep the last one).
- A date that is not on the calendar (``2019-02-29``) is refused with its line, not left to
  crash the date constructor.
- Every key's line is recorded (:data:`Lines`: path of keys and list indexes -> line), so that
  validation errors of the project model can name the line of the setting, and a misspelt key
  gets a "did you mean" suggestion from the model's field names.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

import yaml
from pydantic import BaseModel
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from redd_audit.errors import InputError

#: path of a setting (keys and list indexes) -> 1-based line of its key in project.yaml
Lines = dict[tuple[object, ...], int]


class _Loader(yaml.SafeLoader):
    """Safe loader whose dates refuse impossible days with the node's position."""

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise ConstructorError(
                None,
                None,
                f"{node.value!r} is not a calendar date ({exc})",
                node.start_mark,
            ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _walk(node: Node, path: tuple[object, ...], lines: Lines, file: str) -> None:
    if isinstance(node, MappingNode):
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_line and key != "<<":
                where = ".".join(str(p) for p in (*path, key))
                raise InputError(
                    f"duplicate key '{where}' (first given on line {first_line[key]}); "
                    "YAML would silently keep the last value: keep one",
                    file=file,
                    line=line,
                )
            first_line[key] = line
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, file)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _walk(item, (*path, index), lines, file)


def parse(text: str, file: str) -> tuple[object, Lines]:
    """The YAML document and the line of every key; refuses malformed YAML and duplicates."""
    lines: Lines = {}
    try:
        loader = _Loader(text)  # the reader refuses control characters such as NUL here
    except yaml.reader.ReaderError as exc:
        raise InputError(
            f"malformed YAML: the character U+{exc.character:04X} is not allowed "
            f"(position {exc.position}); save the file as plain UTF-8 text",
            file=file,
            line=text.count("\n", 0, exc.position) + 1,
        ) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, lines
        _walk(node, (), lines, file)
        return loader.construct_document(node), lines
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "malformed YAML"
        prefix = "" if isinstance(exc, ConstructorError) else "malformed YAML: "
        raise InputError(f"{prefix}{problem}", file=file, line=line) from None
    finally:
        loader.dispose()


def line_of(lines: Lines, location: tuple[object, ...]) -> int | None:
    """Line of the setting at ``location``, or of its nearest enclosing setting."""
    for end in range(len(location), 0, -1):
        if location[:end] in lines:
            return lines[location[:end]]
    return None


def _inner_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is not None or isinstance(annotation, types.UnionType):
        for argument in typing.get_args(annotation):
            found = _inner_model(argument)
            if found is not None:
                return found
    return None


def model_at(root: type[BaseModel], location: tuple[object, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``location`` (list indexes skipped)."""
    model: type[BaseModel] | None = root
    for part in location:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model


def suggestion(root: type[BaseModel], location: tuple[object, ...]) -> str:
    """' (did you mean 'x'?)' for a misspelt key at ``location``, else a list of known keys."""
    model = model_at(root, location[:-1])
    if model is None:
        return ""
    known = list(model.model_fields)
    close = difflib.get_close_matches(str(location[-1]), known, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; known settings here: {', '.join(known)}"
