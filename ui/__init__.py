"""Page helpers: the Streamlit-side glue (cached database, cached metric results, shared widgets).

Pages stay thin: read widgets, call one cached metric function, draw. `ui.charts` builds the
Plotly figures from metric results and does not import Streamlit, so reports can reuse it.
"""
