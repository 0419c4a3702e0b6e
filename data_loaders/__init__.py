"""File loaders: uploaded bytes to validated batches, with every problem reported in Norwegian.

No Streamlit and no database here. Entry points, each `(SourceFile, mapping=None) -> Batch`:
`sick_leave.load_sick_leave`, `deviations.load_deviations`, `safety_rounds.load_safety_rounds`;
`kinds.detect_kind(SourceFile)` tells which one a file needs (`kinds.LOADERS`), and `specs`
describes each kind's fields for a manual column mapping.
"""
