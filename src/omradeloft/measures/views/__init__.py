"""Measure pages, one module per part; measures/urls.py lists their addresses."""
