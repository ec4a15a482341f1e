"""One editor document checked as ``dklint check`` would check its file, from the editor's text.

The document's path decides everything the file's path would: its kind (label
text, a ``.json`` spec, a ``.jsonl``/``.csv`` catalog), the config (the closest
``dklint.toml`` or ``[tool.dklint]`` above it, found again at every check so an
edited config applies at once) and its per-file-ignores. Suppression comments and
``x-dklint-ignore`` are honoured by the engine, and a suppressed finding is not
shown, as the text report does not show it.

An editor opens files that are not labels (a README, ``package.json``) and files
the project leaves out (``exclude``, ``.gitignore``, ``node_modules``), so a saved
document is judged as ``--force-exclude`` judges a named file: left out where a walk
would leave it out (``dklint.inputs.named``), and then checked only when it reads
as dklint's input (``dklint.engine.walked``); of any other, nothing is said. An
unsaved document has no place in the project: its text alone decides.

A config, rule pack or selection that cannot be used is no crash: the check
reports it as ``config_error`` and checks nothing else, as ``dklint check`` stops
with exit 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dklint.config.files import ConfigError, find_config
from dklint.config.settings import CliOverrides, Settings, apply_per_file_ignores, resolve
from dklint.engine.checker import Checker
from dklint.engine.records import iter_catalog
from dklint.engine.walked import check_walked, skipped_input
from dklint.findings import InputResult, Located
from dklint.inputs.named import NamedFiles
from dklint.inputs.read import ReadFailure, source_from_bytes
from dklint.inputs.sniff import catalog_text_evidence
from dklint.rules.loader import RuleLoadError
from dklint.rules.rule import RuleSet
from dklint.rules.selection import SelectionError


@dataclass(frozen=True)
class DocumentCheck:
    """What dklint says about one version of a document."""

    findings: tuple[Located, ...] = ()  # the problems to show, in file order (suppressed ones left out)
    ruleset: RuleSet | None = field(default=None, repr=False)  # the rules that checked it, for hover
    config_error: str = ""  # why nothing was checked: the config's problems, ``file:line: what is wrong``
    config_files: tuple[Path, ...] = ()  # the config files that applied, base first


def settings_for(path: Path) -> Settings:
    """The settings ``dklint check PATH`` would use; raises ConfigError, RuleLoadError."""
    config = find_config(path.parent)
    return resolve(path, CliOverrides(config=config, isolated=config is None))


def check_document(path: Path, text: str, unsaved: bool = False) -> DocumentCheck:
    """Check ``text`` as the content of the file at ``path``; ``unsaved``: a document with no file yet."""
    try:
        settings = settings_for(path)
        checker = settings.recipe.build()
    except (ConfigError, RuleLoadError) as error:
        return DocumentCheck(config_error="\n".join(error.problems))
    except SelectionError as error:
        return DocumentCheck(config_error=str(error))
    if not unsaved and NamedFiles(settings.filters).why_excluded(path) is not None:
        return DocumentCheck(ruleset=checker.ruleset, config_files=settings.config_files)
    results = apply_per_file_ignores(_results(checker, path, text, settings), settings, Path.cwd())
    findings = [finding for result in results for finding in result.findings if finding.suppressed_by is None]
    return DocumentCheck(tuple(findings), checker.ruleset, config_files=settings.config_files)


def _results(checker: Checker, path: Path, text: str, settings: Settings) -> list[InputResult]:
    display = str(path)
    source = source_from_bytes(text.encode("utf-8", "surrogatepass"), display, settings.max_file_bytes)
    if isinstance(source, ReadFailure) or source.kind != "catalog":
        return [check_walked(checker, source)]
    reason = catalog_text_evidence(display, source.text)
    if reason is not None:
        return [skipped_input(display, reason, source.kind)]
    return list(iter_catalog(checker, source))

