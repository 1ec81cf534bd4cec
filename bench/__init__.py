"""Benchmarks: python -m bench.<name>. They print figures; they assert nothing."""
