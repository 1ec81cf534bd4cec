"""Importers, one module per source format (sanctions lists, country indicators)."""
