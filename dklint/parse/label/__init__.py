"""Label text into a ``Label``: lines and segments (``lines``), what each line starts with (``heads``), the
row tokens and grammar (``tokens``, ``rows``, ``line_plan``, ``ingredients``), the reader that walks a label
(``reader``) with its panel reader (``panel``) and prose sections (``sections``, ``blocks``), doses in
sentences (``prose_doses``), the serving statement (``serving``) and the document kind (``kind``);
``parse.parse_label`` is the entry point. Imports what ``dklint.parse`` may.
"""
