"""Reading run tables: sources, trackers' export layouts, column roles and goals (hpviz.ingest)."""
