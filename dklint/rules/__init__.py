"""Rules as data: a rule file's schema and loader, the condition language (grammar, compiler, functions,
evaluation context, the nutrients a condition needs), message templates, rule selection, generated rule
documentation, and the built-in checks of each pack (``checks/``). Imports the model, the facts and the base;
never a parser, the engine, a report or the CLI.
"""
