"""File loaders: uploaded bytes to validated batches, with every problem reported in Norwegian.

No Streamlit and no database here. Entry point for sick leave:
`data_loaders.sick_leave.load_sick_leave(SourceFile, mapping=None) -> Batch`.
"""
