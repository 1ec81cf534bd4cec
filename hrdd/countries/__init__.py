"""Country context: baseline indicators, surveillance-law profiles, misuse records."""
