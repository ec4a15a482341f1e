"""Built-in checks: the rules whose logic the condition language cannot state, one folder per rule pack.

``registry.CHECKS`` names every check; rule files refer to one with
``check: <name>``. Checks may import the model, the facts and the rest of
``dklint.rules`` (the condition language's functions and per-label indexes),
never the engine, a report or the CLI.
"""
