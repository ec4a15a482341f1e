"""Bytes to Sources: finding input files (discovery, which knows a repository's ignore files and default
excludes), judging by its bytes whether a file met while walking is dklint's data (``sniff``), reading and
decoding files (DK001 when they cannot be), splitting catalogs (JSONL, CSV) into records, and counting a run's
products ahead for the progress bar. Imports the vocabulary at the top (``source``, ``findings``) and
``dklint.base``; knows no parser and no rule (whether walked text reads as a label is ``dklint.engine.walked``'s
call).
"""
