"""Rules as data: the rule-file schema, the loader, the condition language and checks."""
