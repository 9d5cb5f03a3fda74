"""The front end without a browser: Node's tests of js/src, the sort parity and the
committed bundle."""
