"""docs/inputs.md checked against the shipped product-spec schema and the CSV catalog reader.

The page follows these conventions, and each test below fails when the page and the code drift apart:

- **Spec fields** are documented in Markdown tables whose first header cell is ``Field``. The first cell of each
  row is the field's path in backticks: ``serving.size``, ``ingredients[].alt_amounts[].unit`` (``[]`` stands
  for every element of an array). These paths must be exactly the properties the schema defines, at every level
  (``$ref`` followed into ``$defs``/``definitions``; ``x-`` pattern properties are not fields). In each row the
  ``Required`` cell ("yes"/"no") must match the schema's ``required``, the ``Type`` cell must name the JSON types
  the schema allows (an array's item type included), and the ``Constraints`` cell must list in backticks exactly
  the schema's constraint keywords as ``keyword: value`` with the value in JSON (``exclusiveMinimum: 0``,
  ``const: "<1"``).
- **Paths in prose**: any other inline code that looks like a spec path (a top-level property followed by ``.``
  or ``[``) must name a schema field; ``[0]`` counts as ``[]``.
- **```json blocks**: a JSON object with ``spec_version`` is a complete spec. It must validate against the schema
  (Draft 2020-12), and dklint must check it without DK002/DK003. Any other json block is a fragment: valid JSON,
  written from the top level of a spec (``{"serving": {...}}``); merged into a minimal spec it must pass the same
  checks. Every schema field must appear in at least one json or jsonl block.
- **```jsonl blocks**: every non-blank line is a complete spec, checked as above.
- **CSV columns**: the table whose first header cell is ``Spec column`` lists, in backticks and in order,
  exactly ``SPEC_COLUMNS``; the one headed ``Label column`` lists ``LABEL_COLUMNS``.
- **```csv blocks** are checked by dklint as ``.csv`` catalogs: every row is checked, with no DK001, DK002 or
  DK003 finding (on the header or on a row).
- **```text blocks** are label text: dklint reads them without DK001, DK004 or DK009.
- **Limits**: the table headed ``Key`` lists every ``limits.*`` key with its default.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from dklint.engine.limits import Limits
from dklint.engine.recipe import CheckerRecipe
from dklint.inputs.catalog_csv import LABEL_COLUMNS, SPEC_COLUMNS
from dklint.inputs.read import source_from_bytes
from dklint.parse.product_spec.schema import spec_schema
from dklint.run.sequential import results_for_source

REPO = Path(__file__).resolve().parents[1]
PAGE = (REPO / "docs" / "inputs.md").read_text(encoding="utf-8")
SCHEMA = json.loads((REPO / "dklint" / "schemas" / "product-spec.schema.json").read_text(encoding="utf-8"))

# The smallest valid spec: a fragment is merged into it before it is checked.
MINIMAL_SPEC = {"spec_version": "1", "name": "Example", "serving": {}, "ingredients": []}
CONSTRAINT_KEYWORDS = ("const", "enum", "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum",
                       "minLength", "maxLength", "pattern", "format", "minItems", "maxItems")
JSON_TYPE_WORDS = re.compile(r"\b(string|number|integer|boolean|object|array|null)s?\b")


# -- the page --------------------------------------------------------------------------------------

_FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>[\w-]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
                    re.MULTILINE | re.DOTALL)


def code_blocks(lang: str) -> list[tuple[int, str]]:
    """(line in the page, text) of every fenced block in ``lang``; an indented block is dedented."""
    found = []
    for match in _FENCE.finditer(PAGE):
        if match["lang"] != lang:
            continue
        indent = len(match["indent"])
        body = "".join(line[indent:] for line in match["body"].splitlines(keepends=True))
        found.append((PAGE.count("\n", 0, match.start()) + 1, body))
    return found


PROSE = _FENCE.sub("", PAGE)  # the page without its code blocks


def cells(row: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def tables(first_header: str) -> list[list[dict[str, str]]]:
    """Every table whose first header cell is ``first_header``, as a list of rows keyed by header."""
    lines = PROSE.splitlines()
    found = []
    for i, line in enumerate(lines[:-1]):
        if not line.startswith("|") or not re.fullmatch(r"\|[\s:|-]+\|", lines[i + 1].strip()):
            continue
        header = cells(line)
        if header[0] != first_header:
            continue
        rows = []
        for row in lines[i + 2:]:
            if not row.startswith("|"):
                break
            rows.append(dict(zip(header, cells(row))))
        found.append(rows)
    return found


def code_in(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def first_code(row: dict[str, str], column: str) -> str:
    match = re.fullmatch(r"`([^`]+)`", row[column])
    assert match, f"the first cell of a {column!r} row must be one name in backticks: {row[column]!r}"
    return match.group(1)


def field_rows() -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for table in tables("Field"):
        for row in table:
            path = first_code(row, "Field")
            assert path not in rows, f"`{path}` is documented twice"
            rows[path] = row
    return rows


# -- the schema ------------------------------------------------------------------------------------

def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with its ``$ref`` followed (siblings of ``$ref`` are only descriptions)."""
    while "$ref" in node:
        target: Any = SCHEMA
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def schema_fields() -> dict[str, tuple[dict[str, Any], bool]]:
    """Every property of the schema: dotted path -> (its resolved schema, required in its object)."""
    fields: dict[str, tuple[dict[str, Any], bool]] = {}

    def value(node: dict[str, Any], path: str) -> None:
        node = resolve(node)
        for name, sub in node.get("properties", {}).items():
            child = f"{path}.{name}" if path else name
            fields[child] = (resolve(sub), name in node.get("required", ()))
            value(sub, child)
        if isinstance(node.get("items"), dict):
            value(node["items"], path + "[]")
        for option in node.get("anyOf", []) + node.get("oneOf", []) + node.get("allOf", []):
            value(option, path)

    value(SCHEMA, "")
    return fields


FIELDS = schema_fields()
TOP_LEVEL = {path for path in FIELDS if "." not in path and "[" not in path}


def json_type(value: Any) -> str:
    names = {str: "string", bool: "boolean", dict: "object", list: "array", type(None): "null"}
    return names.get(type(value), "number")


def allowed_types(node: dict[str, Any]) -> set[str]:
    """The JSON types a value may have, with an array's item types."""
    node = resolve(node)
    kinds = set([node["type"]] if isinstance(node.get("type"), str) else node.get("type", []))
    if "const" in node:
        kinds.add(json_type(node["const"]))
    kinds.update(json_type(v) for v in node.get("enum", []))
    for option in node.get("anyOf", []) + node.get("oneOf", []):
        kinds |= allowed_types(option)
    if "array" in kinds and isinstance(node.get("items"), dict):
        kinds |= allowed_types(node["items"])
    return kinds


def constraints(node: dict[str, Any]) -> set[str]:
    """The schema's constraints on a value, written ``keyword: value`` as the page writes them."""
    node = resolve(node)
    found = {f"{key}: {json.dumps(node[key], ensure_ascii=False)}" for key in CONSTRAINT_KEYWORDS if key in node}
    for option in node.get("anyOf", []) + node.get("oneOf", []):
        found |= constraints(option)
    return found


def paths_in(value: Any, prefix: str = "") -> Iterator[str]:
    """Field paths a JSON example uses, in the page's notation."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from paths_in(item, path)
    elif isinstance(value, list):
        for item in value:
            yield from paths_in(item, prefix + "[]")


# -- dklint ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def checker():
    return CheckerRecipe().build()


def strict_json(text: str) -> Any:
    """json.loads, refusing what dklint refuses too (duplicate keys, NaN and Infinity)."""
    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), f"duplicate key in {keys}"
        return dict(pairs)

    def no_constant(name: str) -> None:
        raise ValueError(f"{name} is not a number a spec may hold")

    return json.loads(text, object_pairs_hook=unique, parse_constant=no_constant)


def findings(checker, data: bytes, name: str) -> list:
    results = list(results_for_source(checker, source_from_bytes(data, name)))
    assert results, f"dklint gave no result for {name}"
    return results


def assert_spec_is_valid(checker, spec: dict[str, Any]) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
              for e in Draft202012Validator(SCHEMA).iter_errors(spec)]
    assert not errors, errors
    text = json.dumps(spec, ensure_ascii=False, indent=2) + "\n"
    for result in findings(checker, text.encode("utf-8"), "example.json"):
        bad = [f"{f.code} {f.message}" for f in result.findings if f.code in ("DK002", "DK003")]
        assert not bad, bad
        assert result.checked


# -- the tests -------------------------------------------------------------------------------------

def test_the_page_checks_the_schema_dklint_ships():
    assert SCHEMA == spec_schema()


def test_every_schema_field_is_documented():
    missing = sorted(set(FIELDS) - set(field_rows()))
    assert not missing, f"schema fields with no row in a 'Field' table of docs/inputs.md: {missing}"


def test_every_documented_field_is_in_the_schema():
    unknown = sorted(set(field_rows()) - set(FIELDS))
    assert not unknown, f"docs/inputs.md documents fields the schema does not have: {unknown}"


@pytest.mark.parametrize("path", sorted(FIELDS))
def test_field_row_states_type_required_and_constraints(path):
    row = field_rows().get(path)
    if row is None:
        pytest.skip("not documented: test_every_schema_field_is_documented fails")
    node, required = FIELDS[path]
    assert row["Required"] == ("yes" if required else "no"), f"`{path}`: Required"
    assert set(JSON_TYPE_WORDS.findall(row["Type"])) == allowed_types(node), f"`{path}`: Type {row['Type']!r}"
    assert set(code_in(row["Constraints"])) == constraints(node), f"`{path}`: Constraints {row['Constraints']!r}"


def test_spec_paths_named_in_prose_exist():
    pathlike = re.compile(r"[A-Za-z_][\w-]*(?:\[\d*\])?(?:\.[A-Za-z_][\w-]*(?:\[\d*\])?)*")
    unknown = set()
    for code in code_in(PROSE):
        if not pathlike.fullmatch(code) or not ("." in code or "[" in code):
            continue
        if re.split(r"[.\[]", code)[0] not in TOP_LEVEL:
            continue  # limits.max-file-bytes, catalog.jsonl...
        path = re.sub(r"\[\d+\]", "[]", code).removesuffix("[]")
        if path not in FIELDS:
            unknown.add(code)
    assert not unknown, f"docs/inputs.md names spec fields the schema does not have: {sorted(unknown)}"


def json_examples() -> list[tuple[str, Any]]:
    """(where, decoded value) of every json block and every line of every jsonl block."""
    examples = []
    for line, body in code_blocks("json"):
        examples.append((f"json block at line {line}", strict_json(body)))
    for line, body in code_blocks("jsonl"):
        for offset, record in enumerate(body.splitlines()):
            if record.strip():
                examples.append((f"jsonl block at line {line}, record line {offset + 1}", strict_json(record)))
    return examples


def test_the_page_has_spec_examples():
    complete = [where for where, value in json_examples() if isinstance(value, dict) and "spec_version" in value]
    assert len(complete) >= 2, "docs/inputs.md should show complete specs"


@pytest.mark.parametrize("where,example", json_examples(), ids=[where for where, _ in json_examples()])
def test_json_example_is_a_valid_spec_or_fragment(checker, where, example):
    assert isinstance(example, dict), f"{where}: write a fragment as an object from the top of a spec"
    spec = example if "spec_version" in example else {**MINIMAL_SPEC, **example}
    assert_spec_is_valid(checker, spec)


def test_every_schema_field_has_an_example():
    shown = {path for _, value in json_examples() for path in paths_in(value)}
    missing = sorted(set(FIELDS) - shown)
    assert not missing, f"schema fields that no json example in docs/inputs.md uses: {missing}"


def test_csv_spec_columns_are_the_readers():
    [table] = tables("Spec column")
    assert [first_code(row, "Spec column") for row in table] == list(SPEC_COLUMNS)


def test_csv_label_columns_are_the_readers():
    [table] = tables("Label column")
    assert [first_code(row, "Label column") for row in table] == list(LABEL_COLUMNS)


def test_the_page_has_csv_examples_of_both_shapes():
    headers = [next(csv.reader(io.StringIO(body))) for _, body in code_blocks("csv")]
    assert any("label_text" in header for header in headers), "no label-text CSV example"
    assert any("label_text" not in header for header in headers), "no spec-column CSV example"


@pytest.mark.parametrize("line,body", code_blocks("csv"),
                         ids=[f"csv block at line {n}" for n, _ in code_blocks("csv")])
def test_csv_example_is_read_without_input_findings(checker, tmp_path, line, body):
    path = tmp_path / "example.csv"
    path.write_text(body, encoding="utf-8")
    rows = [row for row in csv.reader(io.StringIO(body)) if any(cell.strip() for cell in row)][1:]
    results = findings(checker, path.read_bytes(), "x.csv")
    bad = [f"line {f.line}: {f.code} {f.message}" for r in results for f in r.findings
           if f.code in ("DK001", "DK002", "DK003")]
    assert not bad, bad
    assert len(results) == len(rows), "every row should be one checked product"
    assert all(r.checked for r in results)


@pytest.mark.parametrize("line,body", code_blocks("text"),
                         ids=[f"text block at line {n}" for n, _ in code_blocks("text")])
def test_label_text_example_is_readable(checker, line, body):
    [result] = findings(checker, body.encode("utf-8"), "example.txt")
    bad = [f"line {f.line}: {f.code} {f.message}" for f in result.findings if f.code in ("DK001", "DK004", "DK009")]
    assert not bad, bad


def test_limits_table_lists_every_limit_with_its_default():
    [table] = tables("Key")
    documented = {first_code(row, "Key"): row for row in table}
    assert list(documented) == list(Limits.config_keys())
    for key, row in documented.items():
        default = getattr(Limits(), key.replace("-", "_"))
        assert f"{default:,}" in row["Default"], f"{key}: default {default:,} not in {row['Default']!r}"
