"""dklint: a rules-as-data compliance linter for dietary-supplement labels."""

__version__ = "0.1.0"
