"""Subcommands of the `ocrcheck` command line, one module each (see `ocrcheck/cli.py`)."""
