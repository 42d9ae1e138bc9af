"""Quality and speed benchmarks against named baselines: ``python -m benchmarks.NAME``."""
