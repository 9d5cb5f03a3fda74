"""One module per tracker: how its exports look, and which columns it says are what.

Each reader returns a :class:`~hpviz.ingest.types.Source` whose ``columns`` hold the roles the
tracker declares (or None where its export does not mark them), ``hints`` the roles of its own
bookkeeping columns, and ``status`` the column that says whether a run finished.
"""
