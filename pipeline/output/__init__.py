"""Outputs: the run folder (atomic tables and texts), the DuckDB index, the linkage graph and queries."""
