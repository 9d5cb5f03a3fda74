"""hpviz's tests, in folders that mirror the package (ingest, analysis, widget) plus js and e2e."""
