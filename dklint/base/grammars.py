"""dklint's Lark grammars, built once and their parse tables kept in the user's cache folder.

Building the LALR tables of ``grammar/label.lark`` and ``grammar/condition.lark``
costs about 50 ms, on every start. Lark's own cache (``cache=True``) would keep
them as a pickle under a predictable name in the shared temp folder, where
anyone can plant a file that runs code in every later dklint run. Instead the
tables are kept as plain data (Lark's own serialised form, written with
``marshal``) in the user's cache folder, read only from a private folder and
file of this user (``dklint.base.private_files``), under a key of the grammar's
text, the options, Lark's version and Python's. Loading that takes about 3 ms.

What could run code on loading stays out of the file: the options that take
callables (``postlex``, ``transformer``, callbacks, the tree class) are given
here on every load, never read from the cache.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from typing import Any

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from dklint.base.private_files import read_private, write_private
from dklint.base.resources import cache_home, grammar_dir

# Options Lark takes again on loading; given here, so that no value of the cache file is used for them.
_ON_LOAD = {"postlex": None, "transformer": None, "lexer_callbacks": {}, "tree_class": None, "_plugins": {},
            "use_bytes": False, "regex": False, "g_regex_flags": 0, "debug": False}


def lalr_parser(name: str, **options: Any) -> Lark:
    """The LALR parser of ``grammar/<name>.lark`` with ``options``, from the cache when its key matches."""
    text = (grammar_dir() / f"{name}.lark").read_text(encoding="utf-8")
    key = _key(text, options)
    path = cache_home() / f"grammar-{name}.marshal"
    loaded = _load(read_private(path), key, options)
    if loaded is not None:
        return loaded
    parser = Lark(text, parser="lalr", **options)
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    try:
        write_private(path, marshal.dumps((key, data, memo)))
    except ValueError:  # not plain data in some Lark version: build it every time
        pass
    return parser


def _key(text: str, options: dict[str, Any]) -> str:
    stamp = f"{text}\x00{sorted(options.items())!r}\x00{lark.__version__}\x00{sys.version_info[:2]}"
    return hashlib.blake2b(stamp.encode("utf-8"), digest_size=20).hexdigest()


def _load(raw: bytes | None, key: str, options: dict[str, Any]) -> Lark | None:
    if raw is None:
        return None
    try:
        stored = marshal.loads(raw)
        if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == key):
            return None
        on_load = {**_ON_LOAD, "propagate_positions": False}
        on_load.update((name, value) for name, value in options.items() if name in on_load)
        return Lark._load_from_dict(stored[1], stored[2], **on_load)
    except Exception:  # noqa: BLE001 - damaged, or another Lark: build the tables again
        return None
