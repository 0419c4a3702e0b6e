"""The database layer: the only package that talks SQL.

One embedded DuckDB file (path from `HMS_DB`), its schema created and upgraded by numbered
migrations, and small repository modules per table group. Every statement is parameterised.
"""

from store.database import Database, DatabaseBusy, default_db_path, open_database

__all__ = ["Database", "DatabaseBusy", "default_db_path", "open_database"]
