"""Framework-free computation for indicators: parsing, aggregation and checks."""
