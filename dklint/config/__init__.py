"""Project configuration: finding and reading ``dklint.toml`` or ``[tool.dklint]`` with the line of every key
(``files``, ``toml_lines``), what a config may hold and what is wrong with it (``checks``), and the settings
of a run, config and command line resolved into one (``settings``). Imports the engine's recipe and limits,
the rules, the inputs' filters and the base; never a report, the run executors or the CLI.
"""
