"""Evaluation pages: designs, runs and their status."""
