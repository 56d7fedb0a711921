"""Orchestration: one document end to end (process), a batch over many (batch), isolated workers, the benchmark."""
