"""Leaf helpers every room may use: atomic file writes, text normalisation, memos, where dklint's own files
live, the start-up store, YAML and key paths with their lines, "did you mean" hints. Modules here import the
standard library, third-party packages and each other, and of the rest of dklint only its ``__version__``;
nothing here knows what a label, a rule or a report is.
"""
