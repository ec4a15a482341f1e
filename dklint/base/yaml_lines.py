"""Load YAML safely and remember the line of every value.

Rule files and config files report mistakes as ``file:line: what is wrong``;
PyYAML's composed node tree knows where each node starts, so one pass over it
maps every key path to a 1-based line. Loading uses ``SafeLoader`` only: a rule
file can never construct Python objects.
"""

from __future__ import annotations

from typing import Any

import yaml

from dklint.base.key_paths import KeyPath

# libyaml's safe loader when PyYAML was built with it (about ten times faster at start-up), else the
# pure-Python one; both construct only plain data.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_with_lines(text: str) -> tuple[Any, dict[KeyPath, int]]:
    """Parse YAML text; return the data and a map from key paths to 1-based lines."""
    loader = SAFE_LOADER(text)
    try:
        # One parse: compose the node tree (which knows lines), then build the data from it.
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlError(line, f"invalid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise YamlError(1, f"invalid YAML: {error}") from None
    finally:
        loader.dispose()
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _walk(node, lines)
    return data, lines


def _walk(root: yaml.Node, lines: dict[KeyPath, int]) -> None:
    # Iterative on purpose: deeply nested YAML must not exhaust the stack.
    stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value
                lines[(*path, key)] = key_node.start_mark.line + 1
                stack.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, (*path, index)))
