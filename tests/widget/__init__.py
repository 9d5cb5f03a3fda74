"""The widget glue without a browser: the panel's traits and methods, threads, live runs,
plots, export."""
