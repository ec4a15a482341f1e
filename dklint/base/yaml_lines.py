"""Load YAML safely and remember the line of every value.

Rule files and config files report mistakes as ``file:line: what is wrong``;
PyYAML's composed node tree knows where each node starts, so one pass over it
maps every key path to a 1-based line. Loading uses ``SafeLoader`` only: a rule
file can never construct Python objects.

Aliases (``*name``) are refused, before any value is built: a node an alias
repeats is met twice on that pass, which stops there. A rule file has no use for
them, and a kilobyte of aliases to aliases (a "billion laughs") would otherwise
expand to billions of values in the line map, the merge keys and the schema
check. Nesting is bounded the same way (``MAX_DEPTH``), before what reads the
data recursively (the schema check) meets it.
"""

from __future__ import annotations

from typing import Any

import yaml

from dklint.base.key_paths import KeyPath

# libyaml's safe loader when PyYAML was built with it (about ten times faster at start-up), else the
# pure-Python one; both construct only plain data.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 100  # levels of mappings and lists; a rule file needs a handful


class YamlError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_with_lines(text: str) -> tuple[Any, dict[KeyPath, int]]:
    """Parse YAML text; return the data and a map from key paths to 1-based lines."""
    loader = SAFE_LOADER(text)
    try:
        # One parse: compose the node tree (which knows lines), check and map it, then build the data from it.
        node = loader.get_single_node()
        lines: dict[KeyPath, int] = {}
        if node is not None:
            _walk(node, lines)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlError(line, f"invalid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise YamlError(1, f"invalid YAML: {error}") from None
    except RecursionError:  # PyYAML without libyaml composes recursively
        raise YamlError(1, f"invalid YAML: nested more than {MAX_DEPTH} levels deep") from None
    finally:
        loader.dispose()
    return data, lines


def _walk(root: yaml.Node, lines: dict[KeyPath, int]) -> None:
    # Iterative on purpose: deeply nested YAML must not exhaust the stack. Children are pushed last
    # first, so nodes are met in the order the text has them and the first alias found is the first written.
    stack: list[tuple[yaml.Node, KeyPath, int]] = [(root, (), root.start_mark.line + 1)]
    seen: set[int] = set()
    while stack:
        node, path, line = stack.pop()
        if id(node) in seen:  # the same node twice: an alias (the node's own mark is its anchor's)
            raise YamlError(line, f"YAML aliases are not allowed: {_where(path)} repeats the value anchored on "
                                  f"line {node.start_mark.line + 1}; write the value out")
        seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise YamlError(line, f"invalid YAML: {_where(path[:3])}... is nested more than {MAX_DEPTH} levels deep")
        lines.setdefault(path, node.start_mark.line + 1)
        children: list[tuple[yaml.Node, KeyPath, int]] = []
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                # a list or mapping as a key is refused when the data is built ("unhashable key")
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                key_line = key_node.start_mark.line + 1
                lines[(*path, key)] = key_line
                # an alias as a key carries its anchor's line: its value's line is nearer where it is written
                children += [(key_node, path, value_node.start_mark.line + 1), (value_node, (*path, key), key_line)]
        elif isinstance(node, yaml.SequenceNode):
            children = [(item, (*path, index), line) for index, item in enumerate(node.value)]
        stack.extend(reversed(children))


def _where(path: KeyPath) -> str:
    return ".".join(map(str, path)) if path else "the document"
