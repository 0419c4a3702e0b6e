"""Domain vocabulary shared by loaders, the database layer, metrics and pages.

Nothing here does I/O: periods, display formatting and the level names of the organisation.
"""
