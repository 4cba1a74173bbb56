"""site-builder: a static knowledge-base website generator."""

__version__ = "0.1.0"
