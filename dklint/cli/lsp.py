"""``dklint lsp``: the language server, for editors (set-up: docs/editors.md).

pygls is an optional dependency (the ``lsp`` extra): the command says how to
install it rather than failing with an import error, and nothing else in the
command line imports it, so ``dklint check`` starts as fast without it.
"""

from __future__ import annotations

from importlib.util import find_spec

import click

MISSING_PYGLS = ("dklint lsp needs pygls, which is not installed: install dklint with its 'lsp' extra "
                 "(pip install -e '.[lsp]' in a clone of the repository)")


@click.command("lsp")
def serve_lsp() -> None:
    """Run the language server on stdin and stdout (an editor starts it: see docs/editors.md)."""
    if find_spec("pygls") is None or find_spec("lsprotocol") is None:
        click.echo(f"dklint: {MISSING_PYGLS}", err=True)
        raise SystemExit(2)
    from dklint.lsp.server import serve

    serve()
