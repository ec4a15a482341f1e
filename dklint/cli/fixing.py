"""``dklint check --fix`` (and ``--unsafe-fixes``, ``--diff``, ``--fix-only``): fix the files before the run
reports them.

Each file a plan names or walks to (labels and specs; not catalog records, not stdin) is checked in this
process with the plan's settings, its fixes applied and checked again until nothing is left to fix
(``dklint.fix``); then the run goes on as without ``--fix`` and reports what is left. The result cache
keys a file on its bytes, so a fixed file is checked again, not answered from the cache.

What may be fixed is what the run would report: per-file-ignores apply, suppressed findings are never
fixed, and an unsafe fix only with ``--unsafe-fixes`` (or ``unsafe-fixes = true``). Findings unchanged
since a baseline are fixed too: the baseline hides them from the report, the fix removes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from dklint.base.shown import printable
from dklint.cli.options import CheckOptions
from dklint.cli.plans import Plan, filters_for
from dklint.config.settings import apply_per_file_ignores
from dklint.findings import Located
from dklint.fix.files import FileFix, checker_of_file, fix_file, unified_diff
from dklint.fix.loop import MAX_PASSES
from dklint.inputs.catalog import is_catalog
from dklint.inputs.discover import FileInput
from dklint.report.run_info import plural
from dklint.run.engines import items


@dataclass
class FixRun:
    """What the fixing before a run came to."""

    files: list[FileFix] = field(default_factory=list)  # every file something was fixed in, or a problem met

    @property
    def fixed(self) -> int:
        return sum(file.count for file in self.files)

    @property
    def changed(self) -> int:
        return sum(1 for file in self.files if file.count)

    @property
    def failed(self) -> bool:
        return any(file.problem for file in self.files)


def fix_plans(plans: list[Plan], options: CheckOptions, cwd: Path) -> FixRun:
    """Fix every file of every plan that fixes (``--diff``: compute the fixes, write nothing)."""
    run = FixRun()
    for plan in plans:
        if not (options.diff or options.fix_only or plan.settings.fix):
            continue
        checker = plan.settings.recipe.build()
        unsafe = plan.settings.unsafe_fixes

        def applicable(finding: Located) -> bool:
            return finding.suppressed_by is None and (unsafe or finding.fix.applicability == "safe")

        paths = [path for path in plan.paths if str(path) != "-"]  # stdin is checked, not fixed
        for item in items(paths, filters_for(plan, options), plan.settings.max_file_bytes, None, cwd):
            if not isinstance(item, FileInput) or is_catalog(item.path):
                continue
            check = checker_of_file(checker, item)
            reported = lambda data, check=check: next(apply_per_file_ignores([check(data)], plan.settings, cwd))
            done = fix_file(item, reported, applicable, write=not options.diff)
            if done.count or done.problem:
                run.files.append(done)
    return run


def tell(run: FixRun, options: CheckOptions) -> None:
    """Problems met while fixing, on stderr; with --diff the diff on stdout; with --diff or --fix-only the count."""
    for file in run.files:
        if file.problem:
            click.echo(f"dklint: {printable(file.display)}: {file.problem}", err=True)
        elif not file.fixed.converged:
            click.echo(f"dklint: {printable(file.display)}: fixes still applied after {MAX_PASSES} passes, or undid "
                       "each other; stopped there (please report this with the file)", err=True)
        if options.diff and file.count:
            click.echo(unified_diff(file.display, file.before, file.after), nl=False)
    if options.diff:
        click.echo(f"Would fix {plural(run.fixed, 'problem')}" + (f" in {plural(run.changed, 'file')}." if run.fixed
                                                                   else "."), err=True)
    elif options.fix_only:
        click.echo(f"Fixed {plural(run.fixed, 'problem')}" + (f" in {plural(run.changed, 'file')}." if run.fixed
                                                              else "."))


def fix_only_exit(run: FixRun, options: CheckOptions) -> int:
    """--diff: 1 when there is something to fix; --fix-only: 0; either: 2 when a file could not be fixed."""
    if run.failed:
        return 2
    return 1 if options.diff and run.fixed else 0
