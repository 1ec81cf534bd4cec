"""The assessment engine: pure, deterministic, versioned (scope, severity, likelihood, residual risk, recommendation)."""
