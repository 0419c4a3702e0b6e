"""Metric layer: turns stored figures into the small, frozen results pages and reports draw.

Never imports Streamlit; gets data only through the `store` package. Suppression of small
groups is applied here, so every consumer (pages, exports, JSON, CLI) gets the same protection.
"""
