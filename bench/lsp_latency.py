"""How long `dklint lsp` takes to answer: start-up, and open -> publishDiagnostics for a label.

    python bench/lsp_latency.py [--opens N]

Needs the ``lsp`` and ``test`` extras (pygls and pytest-lsp's client). Starts ``python -m dklint lsp``
as an editor would, initializes it, then opens the same five-problem label N times under new names
and prints, for each, the time from the didOpen notification to the diagnostics that answer it. The
first open pays for compiling the rules once; the later ones are what a user sees while typing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

LABEL = (
    "Nutrition Facts\n"
    "Serving Size: 1 Softgel\n"
    "Amount Per Serving                 % Daily Value\n"
    "Vitamin D3 (as cholecalciferol)\t2,000 IU\t300%\n"
    "Other ingredients: olive oil.\n"
    "Directions: Take 1 softgel daily with a meal.\n"
    "Sunny drops\thelp prevent osteoporosis.*\n"
    "*These statements have not been evaluated by the FDA. This product is not intended to diagnose, treat, "
    "cure, or prevent any disease.\n"
)


async def measure(opens: int, folder: Path) -> None:
    from lsprotocol import types
    from pytest_lsp.client import make_test_lsp_client

    client = make_test_lsp_client()
    began = time.perf_counter()
    await client.start_io(sys.executable, "-m", "dklint", "lsp")
    await client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                           root_uri=folder.as_uri()))
    print(f"start and initialize: {(time.perf_counter() - began) * 1000:.0f} ms")
    later = []
    for number in range(opens):
        uri = (folder / f"label-{number}.txt").as_uri()
        began = time.perf_counter()
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri, "plaintext", 1, LABEL)))
        while uri not in client.diagnostics:
            await asyncio.sleep(0.0005)
        took = (time.perf_counter() - began) * 1000
        print(f"open {number + 1}: {took:.1f} ms, {len(client.diagnostics[uri])} diagnostics")
        if number:
            later.append(took)
    if later:
        print(f"median of opens 2..{opens}: {statistics.median(later):.1f} ms")
    await client.shutdown_session()
    await client.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opens", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(measure(args.opens, Path(folder)))


if __name__ == "__main__":
    main()
