"""The commands of cli.py, one module per area; each has `register(sub)` for the parser."""
