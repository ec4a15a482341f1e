"""Sources to the ``Label`` model: ``label/`` reads label text, ``product_spec/`` reads JSON product specs and CSV rows
of spec columns, ``directions`` says how many servings a day directions call for (both readers ask it), and
``result`` is what a parser hands on. Parsing imports the model, ``dklint.facts``, ``dklint.inputs`` and
``dklint.base``; it never imports a rule, the engine or a report.
"""
