"""Fixes applied to files: the pure applier that turns located fixes into new file bytes (``apply``), and the
loop that checks, fixes and checks again until nothing is left to fix (``loop``). Imports the engine, the
inputs and everything below them; never the run executors, a report, the config or the CLI (the CLI says
which findings may be fixed and where results go).
"""
