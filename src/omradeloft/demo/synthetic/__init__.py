"""SYNTHETIC register and living-conditions pipeline for the demo (framework-free).

Everything this package produces is invented: a seeded micro-simulation of people and
households in Oslo's subdistricts (`register`), from made-up parameters that imitate the
published east-west gradient (`parameters`), aggregated with DuckDB into the indicators Oslo
publishes per subdistrict (`pipeline`). No real person or official figure is in it. Imports
numpy, pandas, pyarrow, duckdb and the standard library only - never Django.
"""
