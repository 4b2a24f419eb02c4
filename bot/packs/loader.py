"""Load content packs from YAML or JSON into validated models, with every problem at its FILE:LINE.

A pack is a folder (`pack.yaml`, `cards/*.yaml`, `drills/*.yaml`) or one self-contained file.
Files are read with YAML's node API so that every item and field knows its line; JSON is read as
YAML for the lines (JSON is nearly a subset of YAML) and with `json` for the values.

Each item is validated on its own, so one broken card never hides the others. A `Pack` holds only
the items that passed every rule, and is trusted only when its `LoadResult` has no issues.
"""

from __future__ import annotations

import difflib
import json
import re
import types
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from bot.packs.schema import (
    FUNCTION_NAME_PATTERN,
    ITEM_ID_PATTERN,
    LIMIT_REASONS,
    PACK_ID_PATTERN,
    Card,
    ContentProblems,
    Drill,
    Pack,
    PackFile,
    PackMeta,
    Problem,
)

PACK_FILE = "pack.yaml"
ITEM_FOLDERS = {"card": "cards", "drill": "drills"}
DATA_SUFFIXES = (".yaml", ".yml", ".json")

Loc = tuple[str | int, ...]
ItemKind = Literal["pack", "card", "drill"]

# libyaml's loader is ten times faster and gives the same marks; fall back where PyYAML lacks it.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, order=True)
class ValidationIssue:
    """One problem in the content; `str()` is `FILE:LINE: <pack>/<item>: message`."""

    file: str
    line: int
    pack: str
    item: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.pack}/{self.item}: {self.message}"


class ItemSource(NamedTuple):
    file: str
    line: int


@dataclass
class LoadResult:
    """One pack as loaded: the pack (None if its metadata is unusable), its issues, where items are."""

    path: Path
    pack: Pack | None
    issues: list[ValidationIssue] = field(default_factory=list)
    sources: dict[str, ItemSource] = field(default_factory=dict)  # item id -> where it is written
    pack_source: ItemSource | None = None  # where the pack's id is written

    @property
    def ok(self) -> bool:
        return self.pack is not None and not self.issues


# -- reading files with lines ---------------------------------------------------------------


class _ReadError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class _Document:
    """A parsed file: its data and the line of every value in it (by path; keys give their own line)."""

    file: str
    data: Any
    lines: dict[Loc, int]
    duplicates: list[tuple[Loc, int, int]]  # (path, line, line of the first occurrence)

    def line_of(self, path: Loc) -> int:
        while path not in self.lines:
            path = path[:-1]
        return self.lines[path]


def _shown(path: Path) -> str:
    return path.as_posix()


def _read_document(path: Path) -> _Document:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _ReadError(1, f"not UTF-8 text ({exc.reason}): save the file as UTF-8") from None
    except OSError as exc:
        raise _ReadError(1, f"cannot read the file: {exc.strerror}") from None
    if path.suffix == ".json":
        return _read_json(path, text)
    lines: dict[Loc, int] = {(): 1}
    duplicates: list[tuple[Loc, int, int]] = []
    loader = _YamlLoader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
        if node is not None:
            lines[()] = node.start_mark.line + 1
            _record_lines(loader, node, (), lines, duplicates)
    except yaml.MarkedYAMLError as exc:
        raise _ReadError(*_describe_yaml_error(exc, text)) from None
    except yaml.YAMLError as exc:
        raise _ReadError(1, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    return _Document(_shown(path), data, lines, duplicates)


def _read_json(path: Path, text: str) -> _Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _ReadError(exc.lineno, f"JSON syntax error: {exc.msg}") from None
    # Valid JSON has no raw tabs inside strings, so tabs are whitespace that YAML would refuse.
    yaml_text = text.replace("\t", " ")
    for loader_class in dict.fromkeys((_YamlLoader, yaml.SafeLoader)):  # libyaml refuses some escapes
        lines: dict[Loc, int] = {(): 1}
        duplicates: list[tuple[Loc, int, int]] = []
        loader = loader_class(yaml_text)
        try:
            node = loader.get_single_node()
            if node is not None:
                lines[()] = node.start_mark.line + 1
                _record_lines(loader, node, (), lines, duplicates)
            break
        except yaml.YAMLError:
            continue  # a JSON corner this loader cannot read: try the next, or keep every line at 1
        finally:
            loader.dispose()
    return _Document(_shown(path), data, lines, duplicates)


def _record_lines(
    loader: Any, node: yaml.Node, path: Loc, lines: dict[Loc, int],
    duplicates: list[tuple[Loc, int, int]], depth: int = 0,
) -> None:
    if depth > 50:  # a recursive alias; nothing in a pack nests this deep
        return
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = _key(loader, key_node)
            line = key_node.start_mark.line + 1
            child = (*path, key)
            if key in first_seen:
                duplicates.append((child, line, first_seen[key]))
                continue
            first_seen[key] = line
            lines[child] = line
            _record_lines(loader, value_node, child, lines, duplicates, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item_node in enumerate(node.value):
            lines[(*path, index)] = item_node.start_mark.line + 1
            _record_lines(loader, item_node, (*path, index), lines, duplicates, depth + 1)


def _key(loader: Any, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        try:
            return loader.construct_object(node)
        except yaml.YAMLError:
            return node.value
    return repr(node.value)


def _describe_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = exc.problem or "unreadable YAML"
    message = f"YAML syntax error: {problem}"
    if exc.context:
        message += f" ({exc.context})"
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())]:
        message += "; YAML does not allow tabs for indentation: use spaces"
    elif "mapping values are not allowed" in problem:
        message += "; a text containing ': ' must be quoted or written as a block (key: >)"
    return line, message


# -- items -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RawItem:
    kind: ItemKind
    data: Any
    doc: _Document
    base: Loc  # the item's path inside its document
    position: int  # 1-based among its file's cards or drills: names an item without a usable id

    def line(self, at: Loc = ()) -> int:
        return self.doc.line_of((*self.base, *at))

    @property
    def name(self) -> str:
        if self.kind == "pack":
            return Path(self.doc.file).name
        item_id = self.data.get("id") if isinstance(self.data, dict) else None
        return item_id if isinstance(item_id, str) and item_id else f"{self.kind}#{self.position}"


def _items_in_file(doc: _Document, kind: Literal["card", "drill"]) -> list[_RawItem]:
    """The items of a cards/ or drills/ file: a list, or a mapping with the one key `cards`/`drills`."""
    key = ITEM_FOLDERS[kind]
    data = doc.data
    if data is None:
        return []
    if isinstance(data, list):
        return [_RawItem(kind, item, doc, (index,), index + 1) for index, item in enumerate(data)]
    if isinstance(data, dict) and set(data) == {key}:
        items = data[key]
        if not isinstance(items, list):
            raise _ReadError(doc.line_of((key,)), f"'{key}' must be a list of {key}, not {_type_name(items)}")
        return [_RawItem(kind, item, doc, (key, index), index + 1) for index, item in enumerate(items)]
    expected = f"a {key} file must be a list of {key}, or a mapping with the one key '{key}'"
    root = doc.line_of(())
    if isinstance(data, dict) and "id" in data:
        raise _ReadError(root, f"{expected}; this looks like a single {kind}: start it with '- ' to make a list")
    if isinstance(data, dict):
        raise _ReadError(root, f"{expected}; found the keys {', '.join(map(str, data))}")
    raise _ReadError(root, f"{expected}, not {_type_name(data)}")


def _pack_document_items(doc: _Document) -> tuple[_RawItem, list[_RawItem]]:
    """The metadata and the items of a pack.yaml or a single-file pack."""
    if not isinstance(doc.data, dict):
        raise _ReadError(
            doc.line_of(()), f"a pack file must be a mapping (format:, pack:, title: ...), not {_type_name(doc.data)}"
        )
    meta = {key: value for key, value in doc.data.items() if key not in ("cards", "drills")}
    items: list[_RawItem] = []
    for kind, key in ITEM_FOLDERS.items():
        listed = doc.data.get(key, [])
        if listed is None:
            continue
        if not isinstance(listed, list):
            raise _ReadError(doc.line_of((key,)), f"'{key}' must be a list of {key}, not {_type_name(listed)}")
        items += [_RawItem(kind, item, doc, (key, index), index + 1) for index, item in enumerate(listed)]  # type: ignore[arg-type]
    return _RawItem("pack", meta, doc, (), 0), items


def _type_name(value: Any) -> str:
    names = {type(None): "nothing", bool: "true/false", int: "a number", float: "a number", str: "a text",
             list: "a list", dict: "a mapping"}
    return names.get(type(value), type(value).__name__)


# -- pydantic errors as readable problems --------------------------------------------------------

_ID_RULE = "lowercase letters, digits and '-', starting with a letter or digit"
_PATTERN_RULES = {
    ITEM_ID_PATTERN: f"{_ID_RULE}, at most 48 characters",
    PACK_ID_PATTERN: f"{_ID_RULE}, at most 40 characters",
    FUNCTION_NAME_PATTERN: "a Python function name",
}


def explain_errors(exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Turn pydantic's errors for `model` into problems an author can act on, each at its field."""
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, ContentProblems):
            problems += [Problem((*loc, *problem.at), problem.message) for problem in cause.problems]
        elif loc and loc[-1] == "[key]":
            problems.append(Problem(loc[:-1], _bad_key_message(error, loc[:-1])))
        else:
            problems.append(Problem(loc, _message(error, loc, model)))
    return _without_misspelt_missing(problems, exc, model)


def _without_misspelt_missing(problems: list[Problem], exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Drop "missing field 'x'" when an unknown field next to it already says "did you mean 'x'"."""
    explained = set()
    for error in exc.errors(include_url=False):
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            owner = _owner_model(model, loc)
            close = difflib.get_close_matches(str(loc[-1]), list(owner.model_fields), n=1) if owner else []
            explained.update((*loc[:-1], name) for name in close)
    return [p for p in problems if not (p.at in explained and p.message.startswith("missing required field"))]


def _display(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "this item"


def _message(error: Any, loc: Loc, model: type[BaseModel]) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx", {})
    name = _display(loc)
    field_name = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if kind == "missing":
        return f"missing required field '{name}'"
    if kind == "extra_forbidden":
        return _unknown_field_message(loc, model)
    if kind == "literal_error":
        return _literal_message(name, field_name, value, ctx["expected"])
    if kind == "string_too_long":
        reason = _limit_reason(model, loc)
        return f"{name} is {len(value.strip())} characters, over the limit of {ctx['max_length']}" + (
            f": {reason}" if reason else "")
    if kind == "string_too_short":
        if ctx["min_length"] <= 1:
            return f"{name} is empty"
        hint = ": write 3-5 sentences" if field_name == "model_justification" else ""
        return f"{name} is too short ({len(value.strip())} characters; at least {ctx['min_length']}){hint}"
    if kind == "string_pattern_mismatch":
        rule = _PATTERN_RULES.get(ctx["pattern"], f"the pattern {ctx['pattern']}")
        return f"{name} {value!r} is not valid: use {rule}"
    if kind == "string_type":
        return f"{name} must be text, not {_type_name(value)}{_yaml_type_hint(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{name} must be a whole number, not {value!r}"
    if kind in ("float_type", "float_parsing"):
        return f"{name} must be a number, not {value!r}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{name} must be true or false, not {value!r}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _range_message(name, field_name, value, kind, ctx)
    if kind == "too_short":
        return f"{name} needs at least {ctx['min_length']} item(s), not {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        return f"{name} has {ctx.get('actual_length')} items; at most {ctx['max_length']} are allowed"
    if kind == "list_type":
        return f"{name} must be a list ('- ' items, or [a, b]), not {_type_name(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        subject = name if loc else f"a {_kind_name(model)}"
        return f"{subject} must be a mapping of fields (name: value), not {_type_name(value)}"
    message = error["msg"].removeprefix("Value error, ")
    return message if message.startswith(field_name or "\0") else f"{name}: {message}"


def _yaml_type_hint(value: Any) -> str:
    if value is None:
        return ": write a value after the colon"
    if isinstance(value, bool | int | float):
        return " (YAML reads yes/no/on/off/true/false and bare numbers as such): put it in quotes"
    return ""


def _range_message(name: str, field_name: str, value: Any, kind: str, ctx: dict[str, Any]) -> str:
    if field_name == "difficulty":
        return f"difficulty must be 1 (easy), 2 (medium) or 3 (hard), not {value!r}"
    bound = {"greater_than_equal": ("at least", "ge"), "less_than_equal": ("at most", "le"),
             "greater_than": ("more than", "gt"), "less_than": ("less than", "lt")}[kind]
    return f"{name} must be {bound[0]} {ctx[bound[1]]}, not {value!r}"


def _literal_message(name: str, field_name: str, value: Any, expected: str) -> str:
    allowed = re.findall(r"'([^']*)'", expected) or [expected]
    if field_name == "format":
        return f"format {value!r} is not supported: this version of studycoach reads format {expected}"
    guess = _did_you_mean(value, allowed)
    if field_name in {"dimensions", "dimension"}:
        return f"unknown dimension {value!r}{guess}; valid dimensions: {', '.join(allowed)}"
    return f"{name}: {value!r} is not one of {', '.join(allowed)}{guess}"


def _bad_key_message(error: Any, loc: Loc) -> str:
    allowed = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
    if loc and loc[0] == "responses":
        return f"response label {error['input']!r} is not valid: label responses {', '.join(allowed)} in order"
    return f"{_display(loc)}: key {error['input']!r} is not one of {', '.join(allowed)}"


def _did_you_mean(value: Any, candidates: Iterable[str]) -> str:
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, list(candidates), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _unknown_field_message(loc: Loc, model: type[BaseModel]) -> str:
    owner = _owner_model(model, loc)
    unknown = loc[-1]
    if owner is None:
        return f"unknown field '{_display(loc)}'"
    known = list(owner.model_fields)
    guess = _did_you_mean(unknown, known)
    return f"unknown field '{unknown}'" + (guess or f"; the fields of a {_kind_name(owner)} are {', '.join(known)}")


def _kind_name(model: type[BaseModel]) -> str:
    return {"PackFile": "pack", "PackMeta": "pack", "KeyPoint": "key point", "CodeChecks": "checks block",
            "CodeCase": "check case"}.get(model.__name__, model.__name__.lower())


def _limit_reason(model: type[BaseModel], loc: Loc) -> str | None:
    owner = _owner_model(model, loc)
    field_name = next((part for part in reversed(loc) if isinstance(part, str) and owner
                       and part in owner.model_fields), None)
    for cls in owner.__mro__ if owner else ():
        if (cls.__name__, field_name) in LIMIT_REASONS:
            return LIMIT_REASONS[(cls.__name__, field_name)]
    return None


def _owner_model(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that declares the last named field of `loc` (e.g. KeyPoint for key_points[0].text)."""
    annotation: Any = model
    owner = None
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if not isinstance(part, str) or part not in annotation.model_fields:
                return annotation  # the unknown field itself
            owner = annotation
            annotation = annotation.model_fields[part].annotation
        elif get_origin(annotation) is list:
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) is dict:
            annotation = get_args(annotation)[1]
        else:
            return owner
    return owner


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


# -- building a pack ---------------------------------------------------------------------------


class _PackBuilder:
    """Collects the issues of one pack while its files are read and its items validated."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pack_name = path.stem if path.is_file() else path.name
        self.issues: list[ValidationIssue] = []
        self.sources: dict[str, ItemSource] = {}

    def report(self, file: str, line: int, item: str, message: str) -> None:
        self.issues.append(ValidationIssue(file, line, self.pack_name, item, message))

    def report_at(self, item: _RawItem, at: Loc, message: str) -> None:
        self.report(item.doc.file, item.line(at), item.name, message)

    def read(self, path: Path, item: str) -> _Document | None:
        try:
            doc = _read_document(path)
        except _ReadError as exc:
            self.report(_shown(path), exc.line, item, exc.message)
            return None
        return doc

    def report_duplicate_keys(self, items: list[_RawItem]) -> None:
        """A key written twice silently keeps the last value: report it on the innermost item holding it."""
        for doc in {id(item.doc): item.doc for item in items}.values():
            for path, line, first in doc.duplicates:
                holders = [item for item in items if item.doc is doc and path[: len(item.base)] == item.base]
                holder = max(holders, key=lambda item: len(item.base), default=None)
                name = holder.name if holder else Path(doc.file).name
                where = path[len(holder.base):] if holder else path
                self.report(doc.file, line, name,
                            f"'{_display(where)}' is given twice (first on line {first}); YAML keeps only the last")

    def validate(self, item: _RawItem, model: type[BaseModel], data: Any = None) -> Any:
        try:
            return model.model_validate(item.data if data is None else data)
        except ValidationError as exc:
            for problem in explain_errors(exc, PackFile if model is PackMeta else model):
                self.report_at(item, problem.at, problem.message)
            return None


def load_pack(path: Path) -> LoadResult:
    """Load one pack (a folder with pack.yaml, or a single YAML/JSON file) and report every problem."""
    builder = _PackBuilder(path)
    if not path.exists():
        builder.report(_shown(path), 1, path.name, "no such file or folder")
        return LoadResult(path, None, builder.issues)
    raw = _read_pack_files(builder, path)
    if raw is None:
        return LoadResult(path, None, _sorted(builder.issues))
    meta_item, items = raw
    builder.report_duplicate_keys([meta_item, *items])
    if isinstance(meta_item.data.get("pack"), str):
        builder.pack_name = meta_item.data["pack"]
    meta = builder.validate(meta_item, PackMeta, meta_item.data)
    if meta is not None and path.is_dir() and meta.pack != path.name:
        builder.report_at(meta_item, ("pack",), f"pack id '{meta.pack}' differs from its folder name "
                          f"'{path.name}': name the folder after the pack id")
    deck_ids = _declared_decks(builder, meta_item)
    cards, drills = _validate_items(builder, items, deck_ids)
    pack = None if meta is None else Pack(meta=meta, cards=cards, drills=drills, source=_shown(path))
    pack_source = ItemSource(meta_item.doc.file, meta_item.line(("pack",)))
    return LoadResult(path, pack, _sorted(builder.issues), builder.sources, pack_source)


def _read_pack_files(builder: _PackBuilder, path: Path) -> tuple[_RawItem, list[_RawItem]] | None:
    if path.is_file():
        doc = builder.read(path, path.name)
        return _document_items(builder, doc) if doc else None
    for stray in sorted(path.iterdir()):
        if stray.is_file() and stray.suffix in DATA_SUFFIXES and stray.name != PACK_FILE:
            builder.report(_shown(stray), 1, stray.name, f"not read: a pack folder holds {PACK_FILE}, "
                           "cards/*.yaml and drills/*.yaml")
    pack_file = path / PACK_FILE
    if not pack_file.is_file():
        builder.report(_shown(pack_file), 1, PACK_FILE, f"missing {PACK_FILE}: every pack folder needs one "
                       "(format, pack, title, version, license, decks)")
        return None
    doc = builder.read(pack_file, PACK_FILE)
    raw = _document_items(builder, doc) if doc else None
    if raw is None:
        return None
    meta_item, items = raw
    for kind, folder in ITEM_FOLDERS.items():
        for file in _data_files(path / folder):
            file_doc = builder.read(file, file.name)
            if file_doc is None:
                continue
            try:
                items += _items_in_file(file_doc, kind)  # type: ignore[arg-type]
            except _ReadError as exc:
                builder.report(file_doc.file, exc.line, file.name, exc.message)
    return meta_item, items


def _document_items(builder: _PackBuilder, doc: _Document) -> tuple[_RawItem, list[_RawItem]] | None:
    try:
        return _pack_document_items(doc)
    except _ReadError as exc:
        builder.report(doc.file, exc.line, Path(doc.file).name, exc.message)
        return None


def _data_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if _is_pack_file(path))


def _declared_decks(builder: _PackBuilder, meta_item: _RawItem) -> set[str]:
    """Deck ids from the raw metadata, so that cards are checked even when other metadata is broken."""
    decks = meta_item.data.get("decks")
    ids: set[str] = set()
    for index, deck in enumerate(decks if isinstance(decks, list) else []):
        deck_id = deck.get("id") if isinstance(deck, dict) else None
        if not isinstance(deck_id, str):
            continue
        if deck_id in ids:
            builder.report_at(meta_item, ("decks", index, "id"), f"deck id '{deck_id}' is declared twice")
        ids.add(deck_id)
    return ids


def _validate_items(
    builder: _PackBuilder, items: list[_RawItem], deck_ids: set[str]
) -> tuple[list[Card], list[Drill]]:
    cards: list[Card] = []
    drills: list[Drill] = []
    first_with_id: dict[str, _RawItem] = {}
    for item in items:
        if not _has_unique_id(builder, item, first_with_id):
            builder.validate(item, Card if item.kind == "card" else Drill)  # still report its own errors
            continue
        model = builder.validate(item, Card if item.kind == "card" else Drill)
        if model is None:
            continue
        if isinstance(model, Card) and model.deck not in deck_ids:
            declared = ", ".join(sorted(deck_ids)) or "none"
            builder.report_at(item, ("deck",), f"deck '{model.deck}' is not declared in the pack's decks"
                              f"{_did_you_mean(model.deck, deck_ids)}; declared: {declared}")
            continue
        builder.sources[model.id] = ItemSource(item.doc.file, item.line())
        (cards if isinstance(model, Card) else drills).append(model)
    return cards, drills


def _has_unique_id(builder: _PackBuilder, item: _RawItem, first_with_id: dict[str, _RawItem]) -> bool:
    """Ids are unique across a pack's cards and drills ("<pack>/<id>" names either); the first one keeps it."""
    item_id = item.data.get("id") if isinstance(item.data, dict) else None
    if not isinstance(item_id, str):
        return True
    first = first_with_id.setdefault(item_id, item)
    if first is not item:
        builder.report_at(item, ("id",), f"id '{item_id}' is already used in this pack, by the {first.kind} at "
                          f"{first.doc.file}:{first.line()}; ids are unique across cards and drills")
        return False
    return True


def _sorted(issues: list[ValidationIssue]) -> list[ValidationIssue]:
    return sorted(issues, key=lambda issue: (issue.file, issue.line))


# -- several packs --------------------------------------------------------------------------------


def _is_pack_folder(path: Path) -> bool:
    # A folder with cards/ or drills/ but no pack.yaml is a pack missing its pack.yaml: report it.
    return path.is_dir() and any((path / name).exists() for name in (PACK_FILE, *ITEM_FOLDERS.values()))


def _is_pack_file(path: Path) -> bool:
    return path.is_file() and path.suffix in DATA_SUFFIXES and not path.name.startswith(".")


def _discover(path: Path) -> list[Path]:
    if not path.exists() or path.is_file() or _is_pack_folder(path):
        return [path]
    children = sorted(child for child in path.iterdir() if not child.name.startswith("."))
    return [child for child in children if _is_pack_folder(child) or _is_pack_file(child)]


def discover_packs(paths: Sequence[Path]) -> list[Path]:
    """The packs under `paths`: each is a packs root (pack folders and pack files), a pack folder or a file.

    Paths that do not exist are kept, so that loading them reports it.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        for pack in _discover(Path(path)):
            if pack.resolve() not in seen:
                seen.add(pack.resolve())
                found.append(pack)
    return found


def load_all(paths: Sequence[Path]) -> list[LoadResult]:
    """Load every pack under `paths`; a pack id used twice is reported on the later pack, which is dropped."""
    results: list[LoadResult] = []
    for path in map(Path, paths):
        if not discover_packs([path]):
            issue = ValidationIssue(_shown(path), 1, path.name, path.name, "no packs here: expected pack "
                                    f"folders with {PACK_FILE}, or .yaml/.json pack files")
            results.append(LoadResult(path, None, [issue]))
    results += [load_pack(pack_path) for pack_path in discover_packs(paths)]
    first_by_id: dict[str, LoadResult] = {}
    for result in results:
        if result.pack is None or result.pack_source is None:
            continue
        first = first_by_id.setdefault(result.pack.id, result)
        if first is not result:
            where = result.pack_source
            result.issues.append(ValidationIssue(
                where.file, where.line, result.pack.id, Path(where.file).name,
                f"pack id '{result.pack.id}' is already used by {_shown(first.path)}",
            ))
            result.pack = None
    return results


def load_packs(paths: Sequence[Path]) -> tuple[list[Pack], list[ValidationIssue]]:
    """Every pack under `paths` with the items that validated, and every issue found.

    A pack that has issues is returned too (without its broken items): check `issue.pack` before
    trusting it.
    """
    results = load_all(paths)
    packs = [result.pack for result in results if result.pack is not None]
    return packs, [issue for result in results for issue in result.issues]
