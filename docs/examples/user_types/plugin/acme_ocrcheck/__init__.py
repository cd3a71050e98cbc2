"""ACME's checks and cross rules for ocrcheck, registered when ocrcheck imports the entry points."""
