"""Coverage Lens: tidy tables and a dashboard for how the press covers a security event."""

__version__ = "0.1.0"
