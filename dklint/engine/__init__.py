"""One input to one result: parse it, run the selected rules on its Label, apply the suppressions written in
it and the limits on it, and locate every finding in its file (``check.check_source``); a file met while
walking only when it reads as dklint's input (``walked``); catalog records one by one (``records``); the
``Checker`` and the picklable ``CheckerRecipe`` that builds it in each worker. Imports the rules, the parsers,
the inputs and everything below them; never the run executors, a report or the CLI.
"""
