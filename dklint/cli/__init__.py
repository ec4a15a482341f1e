"""The ``dklint`` command: the group and its commands from one explicit list (``main``), ``check``'s options,
plans, progress bar and reports, the commands about rules and the cache, and ``lsp``, which starts the
language server (``dklint.lsp``, imported only then). The top of the house: it may import every other room,
and no other room imports it.
"""
