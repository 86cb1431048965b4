"""Impact estimation, framework-free: synthetic control with its inference, and
difference-in-differences (two-way fixed effects, event study, staggered adoption).

Every entry point takes pandas/numpy data and returns plain dataclasses; nothing here
imports Django.
"""
