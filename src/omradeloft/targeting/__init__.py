"""Targeting: composite deprivation indices, classification rules and early warning."""
