"""The analysis: importance, correlation, shape, intervals, interactions, space (hpviz.analysis)."""
