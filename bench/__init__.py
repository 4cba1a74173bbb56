"""Benchmarks: site-builder against Hugo on a generated corpus (`make bench`)."""
