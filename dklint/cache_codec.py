"""How the result cache keys and stores entries: content keys, stat stamps, marshalled results.

An entry's key hashes the rule configuration's digest, the input's display path,
its kind and its bytes (``content_key``). A file's ``stamp`` is what says it is
untouched since it was checked (see ``dklint.cache``). Results are stored as
marshalled tuples of their fields, twice as fast to read back as pickled
dataclasses; ``LAYOUT`` (the field names, Python's version) is part of every
entry's digest, so a changed ``InputResult`` or ``Located`` never misreads one.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import time
from dataclasses import fields
from operator import attrgetter
from typing import Iterable

from dklint.findings import InputResult, Located

RACY_NS = 2_000_000_000


def content_key(digest: str, path: str, kind: str, parts: Iterable[bytes]) -> str:
    """The key of an entry: digest, display path, kind and the content's bytes."""
    hasher = hashlib.blake2b(digest_size=20)
    hasher.update(f"{digest}\x00{path}\x00{kind}\x00".encode("utf-8", "surrogatepass"))
    for part in parts:
        hasher.update(part)
    return hasher.hexdigest()


def stamp(status: os.stat_result) -> str:
    """What says a file is untouched since it was checked; "" (matches nothing) when too fresh to tell.

    Take it before reading the bytes: a write after that moment gets a later mtime, or a new ctime.
    """
    if time.time_ns() - status.st_mtime_ns < RACY_NS:
        return ""
    return f"{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}:{status.st_ino}:{status.st_dev}"


_RESULT_FIELDS = tuple(f.name for f in fields(InputResult))
_FINDING_FIELDS = tuple(f.name for f in fields(Located))
_FINDINGS_AT = _RESULT_FIELDS.index("findings")
_result_values = attrgetter(*(name for name in _RESULT_FIELDS if name != "findings"))
_finding_values = attrgetter(*_FINDING_FIELDS)
LAYOUT = hashlib.blake2b(repr((_RESULT_FIELDS, _FINDING_FIELDS, sys.version_info[:2])).encode(), digest_size=4).hexdigest()


def dumps(results: list[InputResult]) -> bytes:
    return marshal.dumps([(_result_values(r), [_finding_values(f) for f in r.findings]) for r in results])


def loads(blob: bytes) -> list[InputResult] | None:
    try:
        return [InputResult(*head[:_FINDINGS_AT], [Located(*values) for values in findings] if findings else [],
                            *head[_FINDINGS_AT:])
                for head, findings in marshal.loads(blob)]
    except Exception:  # noqa: BLE001 - a damaged entry is simply a miss
        return None


def stored(results: list[InputResult]) -> bytes | None:
    try:
        return dumps(results)
    except ValueError:  # a value marshal cannot hold: that input is simply not cached
        return None
