"""The metamorphic properties that fail today, and why: each cause once, as the reason of a strict xfail.

A cause names what the reader does and where (module and function of ``dklint/parse/label``), so whoever
fixes it knows where to look; ``tests/test_metamorphic.py`` has a minimal reproduction of each. Strict: when
the reader is fixed, the case passes, the xfail fails, and its entry here is to be removed.
"""

from __future__ import annotations

# (rewrite, fixture) pairs whose property fails today: none. An entry names its cause in a constant above it,
# in the form "issue N: what the reader does (module.function)".
KNOWN_FAILURES: dict[tuple[str, str], str] = {}
KNOWN_GENERATED_FAILURES: dict[str, str] = {}
