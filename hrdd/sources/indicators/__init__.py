"""Importers for country indicators, one module per source format.

Each importer turns a publisher's file into :class:`~hrdd.sources.indicators.base.IndicatorData`:
per-country, per-year observations with the source, licence, scale and direction of every
indicator, plus the rows it could not read (file, line, reason), which are counted and never
silently dropped. ``REGISTRY`` maps a source id to its importer.
"""
