"""Many inputs: the sequential loop, the process pool and the Dask engine (all giving the same results in the
same order), how inputs are grouped into tasks and how a worker runs one, the result cache, the baseline, and
the totals that decide the exit code. Imports the engine and everything below it (and the JSON report's
finding shape, for Dask's ``lint_bag``); never the CLI or the config.
"""
