"""The ``dklint`` command: the group and its commands from one explicit list (``main``), ``check``'s options,
plans, progress bar and reports, and the commands about rules and the cache. The top of the house: it may
import every other room, and no other room imports it.
"""
