"""Checks of the fda-panel pack (21 CFR 101.36, the Supplement Facts panel): %DV math, units, title,
footnotes, order and upper limits; ``rows`` holds what they share about a panel's rows."""
