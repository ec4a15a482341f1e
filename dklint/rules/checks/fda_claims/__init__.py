"""Checks of the fda-claims pack (21 CFR 101.93): the DSHEA disclaimer, disease claims and claims of FDA
approval; ``statements`` finds the sentences and structure/function claims they judge."""
