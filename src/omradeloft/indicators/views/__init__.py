"""Indicator pages: the catalogue, imports, indicator maps and area profiles."""
