"""Benchmarks: each top-level script is run by ``make bench`` (docs/performance.md)."""
