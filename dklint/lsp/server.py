"""``dklint lsp``: the language server, on stdin and stdout.

An open document is checked when it is opened or saved, and again once typing
pauses (``DEBOUNCE_SECONDS`` after the last change), from the editor's text, not
the file on disk. Checks run one at a time on a worker thread, so the server
still answers hovers and code actions while one runs; a check's diagnostics are
published only if the document is still at the version that was checked (a
newer check is on its way otherwise). The rules are compiled once, when the
client says it is ready, so the first document opened is answered as fast as the
next ones.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from dklint import __version__
from dklint.config.files import CONFIG_NAMES
from dklint.lsp.actions import FIX_ALL_KIND, code_actions
from dklint.lsp.checking import DocumentCheck, check_document
from dklint.lsp.diagnostics import config_diagnostic, diagnostic
from dklint.lsp.hover import hover
from dklint.lsp.positions import UTF16, DocumentLines

# Long enough that a check does not run per keystroke, short enough to feel immediate.
DEBOUNCE_SECONDS = 0.2
# A small label checked when the client is ready: compiles the rules and loads the parsers before
# the first real document arrives.
WARM_UP_TEXT = "Supplement Facts\nServing Size: 1 Softgel\nVitamin D3 25 mcg (1,000 IU) 125%\n"

log = logging.getLogger("dklint.lsp")


@dataclass(frozen=True)
class Checked:
    """A document's last check, and the lines it was checked in (every position converts against them)."""

    version: int | None
    lines: DocumentLines
    result: DocumentCheck


class Linter:
    """The server's state: the last check of each open document, and the checks waiting to run."""

    def __init__(self, server: LanguageServer) -> None:
        self.server = server
        self.checked: dict[str, Checked] = {}
        self.waiting: dict[str, asyncio.Task] = {}
        # One thread: checks never race each other for the compiled rules, and run in order.
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dklint-check")

    def register(self) -> None:
        def feature(name: str, options=None):
            return lambda method: self.server.feature(name, options)(_function(method))

        feature(types.INITIALIZED)(self.initialized)
        feature(types.TEXT_DOCUMENT_DID_OPEN)(self.did_open)
        feature(types.TEXT_DOCUMENT_DID_CHANGE)(self.did_change)
        feature(types.TEXT_DOCUMENT_DID_SAVE)(self.did_save)
        feature(types.TEXT_DOCUMENT_DID_CLOSE)(self.did_close)
        feature(types.TEXT_DOCUMENT_HOVER)(self.hover)
        feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False,
        ))(self.code_action)
        feature(types.SHUTDOWN)(self.shutdown)

    # -- document events ------------------------------------------------------------------------

    async def initialized(self, params: types.InitializedParams) -> None:
        root = Path(self.server.workspace.root_path or Path.cwd())
        await self._run(check_document, root / "dklint-warm-up.txt", WARM_UP_TEXT)

    async def did_open(self, params: types.DidOpenTextDocumentParams) -> None:
        await self.check(params.text_document.uri)

    def did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        self._schedule(params.text_document.uri, DEBOUNCE_SECONDS)

    async def did_save(self, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if PurePosixPath(urlparse(uri).path).name in CONFIG_NAMES:  # a config changed: every document may change
            for open_uri in list(self.checked):
                self._schedule(open_uri, 0)
        if uri in self.server.workspace.text_documents:
            await self.check(uri)

    def did_close(self, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        self._cancel(uri)
        self.checked.pop(uri, None)
        self._publish(uri, None, [])

    def shutdown(self, params: None) -> None:
        for uri in list(self.waiting):
            self._cancel(uri)
        self.worker.shutdown(wait=False, cancel_futures=True)

    # -- requests -------------------------------------------------------------------------------

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        checked = self._current(params.text_document.uri)
        if checked is None:
            return None
        return hover(checked.result.findings, checked.result.ruleset, checked.lines, params.position)

    def code_action(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        checked = self._current(uri)
        if checked is None:
            return []
        return code_actions(uri, checked.result.findings, checked.lines, params.range, params.context.only)

    def _current(self, uri: str) -> Checked | None:
        """The document's last check if the document has not changed since: a fix computed for older text
        would edit the wrong characters."""
        checked = self.checked.get(uri)
        document = self.server.workspace.text_documents.get(uri)
        if checked is None or document is None or document.version != checked.version:
            return None
        return checked

    # -- checking -------------------------------------------------------------------------------

    def _schedule(self, uri: str, delay: float) -> None:
        self._cancel(uri)
        self.waiting[uri] = asyncio.ensure_future(self._check_later(uri, delay))

    async def _check_later(self, uri: str, delay: float) -> None:
        await asyncio.sleep(delay)
        self.waiting.pop(uri, None)
        await self.check(uri)

    def _cancel(self, uri: str) -> None:
        task = self.waiting.pop(uri, None)
        if task is not None:
            task.cancel()

    async def check(self, uri: str) -> None:
        """Check the document's current text and publish its diagnostics, unless it changed meanwhile."""
        document = self.server.workspace.text_documents.get(uri)
        if document is None:
            return
        version, text = document.version, document.source
        try:
            path = document_path(uri, self.server.workspace.root_path)
            result = await self._run(check_document, path, text, not uri.startswith("file:"))
        except Exception as error:  # noqa: BLE001 - a dklint bug: said in the editor's log, and the server goes on
            log.exception("checking %s failed", uri)
            self.server.window_log_message(types.LogMessageParams(
                types.MessageType.Error, f"dklint failed on {uri}: {type(error).__name__}: {error}"))
            return
        current = self.server.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return
        lines = DocumentLines.of(text, encoding_name(self.server.workspace.position_encoding))
        self.checked[uri] = Checked(version, lines, result)
        if result.config_error:
            diagnostics = [config_diagnostic(result.config_error, lines)]
        else:
            diagnostics = [diagnostic(finding, lines) for finding in result.findings]
        self._publish(uri, version, diagnostics)

    async def _run(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.worker, function, *args)

    def _publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))


def _function(method):
    """A plain function calling ``method``: pygls marks its handlers with attributes, which a bound method
    cannot take."""
    if inspect.iscoroutinefunction(method):
        async def handle(params):
            return await method(params)
    else:
        def handle(params):
            return method(params)
    return handle


def encoding_name(kind) -> str:
    """The position encoding agreed with the client ("utf-16", "utf-8", "utf-32"); UTF-16 when none was."""
    return str(getattr(kind, "value", kind) or UTF16)  # str() of lsprotocol's enum would give its member name


def document_path(uri: str, root: str | None) -> Path:
    """The file a document is (or will be saved as): its path, or for an unsaved one its name in the workspace."""
    path = to_fs_path(uri) if uri.startswith("file:") else None
    if path:
        return Path(path)
    name = PurePosixPath(unquote(urlparse(uri).path or uri)).name or "untitled"
    return Path(root or Path.cwd()) / name


def make_server() -> LanguageServer:
    server = LanguageServer("dklint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
    Linter(server).register()
    return server


def serve() -> None:
    """Serve one client on stdin and stdout until it says exit."""
    make_server().start_io()
