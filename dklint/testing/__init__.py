"""What tests and rule authors run: every rule's own valid and invalid examples (``selftest``, behind
``dklint test-rules``) and the annotated fixtures with their ``#! expect:`` markers (``fixtures``, behind the
test suite and ``bench/precision.py``); the only place that knows the fixture marker. Imports the run's
sequential loop, the engine and below.
"""
