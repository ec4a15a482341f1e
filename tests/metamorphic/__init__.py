"""Metamorphic testing of the label reader: rewrites of label text that a careful reviewer agrees cannot change
what the label says, each keeping a map from every character it writes back to the character of the original it
stands for (``mapped``); how a reviewer sees the lines of a label, without asking dklint (``anatomy``); the
rewrites themselves (``layout_rewrites``: where characters stand; ``wording_rewrites``: how words are spelt and
marked up); whole labels composed from the nutrient registry for hypothesis to vary (``generated_labels``); and
the properties that fail today with their causes (``known_failures``). ``tests/test_metamorphic.py`` holds the
properties.
"""
