"""Restricted-party screening: candidate index, explainable scoring, government ties."""
