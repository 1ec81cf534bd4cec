"""Report building (pure) and rendering (JSON, Markdown, HTML, PDF)."""
