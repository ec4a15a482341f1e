"""Key paths into a parsed config or rule file, and the line each one is written on.

A mistake in a rule file or a config is reported as ``file:line: what is wrong``.
The YAML and TOML readers map every key path (``("params", "DK101", "threshold_iu")``,
``("examples", "valid", 0)``) to a 1-based line; a check that found a problem at a
path asks ``line_of`` for the closest line it can name.
"""

from __future__ import annotations

KeyPath = tuple[str | int, ...]


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int:
    """The line of ``path``, or of its closest parent that has one (1 when none has)."""
    path = tuple(path)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)
