"""Exports: meeting documents, calendars and (later) annual reports."""
