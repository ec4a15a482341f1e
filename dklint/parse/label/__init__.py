"""Label text into a ``Label``: lines and segments (``lines``); the layout stage that turns the shapes of real
text into one row a line, offsets kept (``layout``, with ``html_layout`` for page source and ``wrapped`` for
hard-wrapped lines); what each line starts with (``heads``); the row tokens and grammar (``tokens``, ``rows``,
``line_plan``, ``ingredients``); the reader that walks a label (``reader``) with its panel reader (``panel``) and
prose sections (``sections``, ``blocks``); doses in sentences (``prose_doses``) and the page subject's dose
(``subject``); the serving statement (``serving``) and the document kind (``kind``). ``parse.parse_label`` is
the entry point. Imports what ``dklint.parse`` may.
"""
