"""Whether a file met while walking is dklint's data: the evidence asked for before such a file is checked.

A repository holds JSON, CSV and text that are not labels (``package.json``, ``tsconfig.json``, editor
settings, data tables, a README). A file named on the command line is always checked; a file met while
walking is checked only when it carries the mark of dklint's data:

* a JSON file is a product spec when it has a ``"spec_version"`` key with a plain value (the schema requires
  it of every spec; the JSON Schema of specs, which names the key for an object, is no spec);
* a JSON Lines catalog (``.jsonl``, ``.ndjson``) when its first record has a ``"label_text"`` or
  ``"spec_version"`` key;
* a CSV catalog when its header has a ``label_text`` or an ``ingredients`` column (the label column, and the
  one spec column that every spec has and other tables rarely do);
* an empty file, or a binary one, is nobody's label.

Keys are looked for in the text, not in decoded JSON, so a spec with a syntax error is still checked (and
reported, DK002). Label text is judged once it is parsed (``dklint.engine.walked``): this room knows no
parser. Each function returns why the file is not dklint's, or None when it is.
"""

from __future__ import annotations

import re

from dklint.inputs.catalog_lines import DEFAULT_MAX_RECORD_BYTES
from dklint.inputs.read import BINARY_FILE, EMPTY_FILE, HEAD_BYTES, binary_head, wide_codec

SPEC_KEY = "spec_version"
CATALOG_KEYS = ("label_text", SPEC_KEY)  # in a JSON Lines record
CSV_COLUMNS = ("label_text", "ingredients")  # in a CSV header

_SPEC = re.compile(rf'"{SPEC_KEY}"\s*:\s*[^\s{{\[]')  # a value, not the object or list a schema gives it
_RECORD = re.compile(r'"(?:' + "|".join(CATALOG_KEYS) + r')"\s*:')
_CELL = re.compile(r"[,;\t]")



def _either(names: tuple[str, ...]) -> str:
    return " or ".join(f'"{name}"' for name in names)


NOT_A_SPEC = f'JSON with no "{SPEC_KEY}" value: not a product spec'
NOT_A_JSONL_CATALOG = f"JSON Lines whose first record has no {_either(CATALOG_KEYS)} key: not a catalog"
NOT_A_CSV_CATALOG = f"CSV without a {_either(CSV_COLUMNS)} column: not a catalog"


def spec_evidence(text: str) -> str | None:
    """Why a JSON file's text is not a product spec, or None."""
    return None if _SPEC.search(text) else NOT_A_SPEC


def _first_line(path: str) -> str | None:
    """The first line of a catalog that is not blank, read within the size of one record; None when binary."""
    with open(path, "rb") as stream:
        head = stream.read(HEAD_BYTES)
        codec = wide_codec(head)
        if codec is None and binary_head(head):  # as the reader judges: a stray NUL marks only its record
            return None
        head += stream.read(DEFAULT_MAX_RECORD_BYTES - len(head))
    text = head.decode(codec or "utf-8", "replace").lstrip("\ufeff")
    return next((line for line in text.splitlines() if line.strip()), "")


def catalog_evidence(path: str) -> str | None:
    """Why a catalog file (``.jsonl``, ``.ndjson``, ``.csv``) is not one of dklint's, or None (also when it
    cannot be read: the reader then says why, DK001)."""
    try:
        line = _first_line(path)
    except OSError:
        return None
    if line is None:
        return BINARY_FILE
    return _first_line_evidence(path, line)


def catalog_text_evidence(path: str, text: str) -> str | None:
    """``catalog_evidence`` of a catalog's text already in memory (an editor's document)."""
    return _first_line_evidence(path, next((line for line in text.lstrip("\ufeff").splitlines() if line.strip()), ""))


def _first_line_evidence(path: str, line: str) -> str | None:
    if not line:
        return EMPTY_FILE
    if path.lower().endswith(".csv"):
        columns = {cell.strip().strip('"').strip() for cell in _CELL.split(line)}
        return None if any(column in columns for column in CSV_COLUMNS) else NOT_A_CSV_CATALOG
    return None if _RECORD.search(line) else NOT_A_JSONL_CATALOG
