"""Programme pages, one module per part; programmes/urls.py lists their addresses."""
