"""Sample data for the HMS dashboard: the fictional Nordvik kommune and the generator of its files.

The committed files are produced by `python -m sample_data.generate`; see README.md here.
"""
