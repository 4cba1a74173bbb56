"""site-builder: a static knowledge-base website generator."""

__version__ = "0.1.0"

CONFIG_NAME = "site.yaml"  # in a site's folder (site.yaml `paths:` names the others)
