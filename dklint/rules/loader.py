"""Load rule packs from directories: schema check, semantic checks, compile.

A mistake in any rule file raises ``RuleLoadError`` listing every problem as
``file:line: what is wrong`` (the CLI prints them and exits 2) before any input
is read. Rules are compiled once per run; checking a label only calls closures.
``load_rules(..., compiled=False)`` reads and validates without compiling (a
run the result cache answers has nothing to check); see ``CheckerRecipe.verify``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any, Iterable

from dklint.base.key_paths import line_of
from dklint.base.resources import rules_dir, schema_path
from dklint.base.startup_store import StartupStore
from dklint.rules.rule import EditSpec, Example, FixExample, FixSpec, Rule, RuleSet


class RuleLoadError(Exception):
    """One or more rule files are invalid; ``problems`` holds ``file:line: message`` strings."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@cache
def _validator():
    from jsonschema import Draft202012Validator  # imported here: it is slow to import

    schema = json.loads(schema_path("rule").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def rule_files(directory: Path) -> list[Path]:
    """Every rule file below ``directory`` (``data/`` holds facts, not rules)."""
    return sorted(p for p in directory.rglob("*.y*ml") if "data" not in p.relative_to(directory).parts[:1])


def load_rule_file(path: Path, pack: str, store: StartupStore | None = None, compiled: bool = True) -> Rule:
    """Read, validate and (unless not ``compiled``) compile one rule file; ``store`` skips reading known bytes."""
    if store is None:
        data, lines = _validated(path)
    else:
        key = store.key(path.read_bytes())
        entry = store.get(key)
        if not (isinstance(entry, tuple) and len(entry) == 2):
            entry = _validated(path)
            store.put(key, entry)
        data, lines = entry
    rule = _rule(path, pack, data, lines)
    return compile_rule(rule) if compiled else rule


def _validated(path: Path) -> tuple[dict[str, Any], dict]:
    """The file's data and lines, checked against the rule-file schema; raises RuleLoadError."""
    from dklint.base.yaml_lines import YamlError, load_with_lines  # PyYAML: only when the store misses

    text = path.read_text(encoding="utf-8")
    try:
        data, lines = load_with_lines(text)
    except YamlError as error:
        raise RuleLoadError([f"{path}:{error.line}: {error.message}"]) from None
    if not isinstance(data, dict):
        raise RuleLoadError([f"{path}:1: a rule file must be a mapping of fields"])
    problems = [
        f"{path}:{line_of(lines, tuple(error.absolute_path))}: {_describe(error)}"
        for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        raise RuleLoadError(problems)
    return data, lines


def _describe(error: Any) -> str:
    where = ".".join(map(str, error.absolute_path))
    return f"{where}: {error.message}" if where else error.message


def compile_rule(rule: Rule) -> Rule:
    """The rule with its check compiled; RuleLoadError (``file:line``) for a mistake in it."""
    from dklint.rules.compile import build_check  # keeps `dklint rules` listing fast
    from dklint.rules.condition import ConditionError

    try:
        check = build_check(rule.data)
    except ConditionError as error:
        raise RuleLoadError([f"{rule.file}:{line_of(rule.lines, error.path)}: {error}"]) from None
    return dataclasses.replace(rule, check=check)


def _rule(path: Path, pack: str, data: dict[str, Any], lines: dict) -> Rule:
    return Rule(
        id=data["id"], name=data["name"], pack=pack, severity=data["severity"], summary=data["summary"],
        message=data["message"], rationale=data["rationale"].strip(), citation=data["citation"],
        docs_url=data["docs_url"], tags=tuple(data.get("tags", ())), params=dict(data.get("params", {})),
        enabled=data.get("enabled", True), documents=_documents(data),
        regions=tuple(data.get("regions", ())),
        valid=tuple(_example(e) for e in data["examples"]["valid"]),
        invalid=tuple(_example(e) for e in data["examples"]["invalid"]),
        file=path, description=data.get("description", "").strip(), fixes=_fixes(data.get("fix")),
        data=data, lines=lines,
    )


def _fixes(raw: dict[str, Any] | list[dict[str, Any]] | None) -> tuple[FixSpec, ...]:
    """The rule file's ``fix`` (a mapping, or a list of alternatives) as FixSpecs, in the order tried."""
    alternatives = [] if raw is None else raw if isinstance(raw, list) else [raw]
    return tuple(
        FixSpec(
            applicability=fix["applicability"], title=fix["title"],
            edits=tuple(EditSpec(edit["at"], edit.get("text"), edit.get("json"), edit.get("copy"),
                                 edit.get("whole_lines", False)) for edit in fix["edits"]),
            examples=tuple(FixExample(example["before"], example["after"]) for example in fix["examples"]),
        )
        for fix in alternatives
    )


DEFAULT_DOCUMENTS = ("panel", "listing", "spec")
_APPLIES_TO = {"text": ("panel", "listing"), "spec": ("spec",)}  # the older field, kept for user packs


def _documents(data: dict[str, Any]) -> tuple[str, ...]:
    if "documents" in data:
        return tuple(data["documents"])
    if "applies_to" in data:
        return tuple(kind for name in data["applies_to"] for kind in _APPLIES_TO[name])
    return DEFAULT_DOCUMENTS


def _example(raw: dict[str, Any]) -> Example:
    expect = raw.get("expect", {})
    return Example(
        text=raw.get("text"), spec=raw.get("spec"), json=raw.get("json"), expect_line=expect.get("line"),
        expect_match=expect.get("match"), expect_count=expect.get("count"),
    )


def _unique_files(directories: list[Path]) -> Iterable[Path]:
    """Every rule file of the folders, each once (a folder given twice, or inside another, is read once)."""
    seen: set[Path] = set()
    for directory in directories:
        for path in rule_files(Path(directory)):
            real = path.resolve()  # an lstat of every part of the path: once a file
            if real not in seen:
                seen.add(real)
                yield path


def _phrase_list_problems(store: StartupStore) -> list[str]:
    """Mistakes in the phrase files; none to look for when these very files compiled before under this code.

    Compiling every list to find mistakes costs about 18 ms a run, while a label needs a few lists
    (compiled when first used): the store remembers that the files compiled cleanly, as it does for rules.
    """
    from dklint.facts.phrases import check_phrase_lists, phrase_files  # not for a run the cache answers

    files = hashlib.sha256()
    for path in phrase_files():
        files.update(f"{path.name}\x00{len(raw := path.read_bytes())}\x00".encode() + raw)
    key = store.compiled_key(f"phrase lists\x00{files.hexdigest()}")
    if store.get(key) is True:
        return []
    problems = check_phrase_lists()
    if not problems:
        store.put(key, True)
    return problems


def load_rules(directories: Iterable[Path] = (), compiled: bool = True) -> RuleSet:
    """Load the bundled packs plus any extra rule directories; two files with one code are a mistake."""
    directories = tuple(directories)
    problems: list[str] = []
    rules: dict[str, Rule] = {}
    digest = hashlib.sha256()
    store = StartupStore()
    for path in _unique_files([rules_dir(), *directories]):
        pack = path.parent.name
        try:
            rule = load_rule_file(path, pack, store, compiled)
        except RuleLoadError as error:
            problems.extend(error.problems)
            continue
        if rule.id in rules:  # an override would silently drop a rule: a user pack adds codes of its own
            problems.append(f"{path}:{line_of(rule.lines, ('id',))}: rule code {rule.id} is also used by "
                            f"{rules[rule.id].file}; every rule needs a code of its own")
            continue
        rules[rule.id] = rule
        digest.update(path.read_bytes())
    for data_file in sorted((rules_dir() / "data").glob("*.yaml")):
        digest.update(data_file.read_bytes())
    if compiled:  # a phrase-list mistake stops the run like a rule-file mistake, with its file and line
        problems.extend(_phrase_list_problems(store))
    store.save()
    if problems and not compiled:
        return load_rules(directories)  # raises with every problem, compiling ones included, in file order
    if problems:
        raise RuleLoadError(problems)
    return RuleSet(rules=dict(sorted(rules.items())), digest=digest.hexdigest()[:16])
