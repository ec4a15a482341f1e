"""JSON product specs into a ``Label``: strict decoding with DK002 (``decode``), the schema and its DK003
wording (``schema``, ``errors``), the Label built from a valid spec with parts shared across a catalog
(``build``, ``parts``), positions of JSON values for findings (``json_positions``, ``json_paths``), and the
spec a CSV row of spec columns stands for (``csv_row``); ``parse.parse_spec`` is the entry point. Imports what
``dklint.parse`` may (a spec's ``label_text`` is read by ``dklint.parse.label``).
"""
