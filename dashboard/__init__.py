"""Coverage Lens: tidy tables and a dashboard for how the press covers a security event."""

from dashboard.preprocessing.sentiment.target_model import target_sentiment, target_sentiment_probabilities

__version__ = "0.1.0"
__all__ = ["target_sentiment", "target_sentiment_probabilities"]
