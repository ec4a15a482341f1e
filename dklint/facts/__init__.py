"""The facts rules and parsers share: nutrients (names, Daily Values, upper limits), units and conversions,
dose forms, and phrase lists, each read from its data file in ``rules/data/`` (where each fact has its
citation) and answered through one module. Imports ``dklint.base`` only: facts know no parser and no rule.
"""
