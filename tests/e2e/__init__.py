"""Browser end-to-end tests (JupyterLab + Playwright); see README.md here."""
