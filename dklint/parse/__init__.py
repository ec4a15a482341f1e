"""Parsers: label text and JSON specs into the ``Label`` model."""
