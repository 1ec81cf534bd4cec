"""Loading and validating the catalogue: YAML knowledge with stable ids and citations."""

from hrdd.catalog.loader import clear_cache, default_catalog, load_catalog
from hrdd.catalog.registry import Catalog

__all__ = ["Catalog", "clear_cache", "default_catalog", "load_catalog"]
