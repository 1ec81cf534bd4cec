"""Loading and validating the catalogue: YAML knowledge with stable ids and citations."""
