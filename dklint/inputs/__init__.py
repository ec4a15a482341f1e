"""Bytes to Sources: finding input files (discovery), reading and decoding them (DK001 when they cannot be),
splitting catalogs (JSONL, CSV) into records, and counting a run's products ahead for the progress bar. Imports
the vocabulary at the top (``source``, ``findings``) and ``dklint.base``; knows no parser and no rule.
"""
