"""The language server (``dklint lsp``): findings shown while a label or spec is written, their fixes as code
actions, a rule's reasons on hover. It checks a document's text as ``dklint check`` checks the file (the same
config, selection, suppressions and messages) and converts code-point positions to the editor's units. Built on
pygls, which only this room imports; it may import every room below the command line, and only ``cli`` imports it.
"""
