"""Sentiment and stance: sentence sentiment, the target sentiment model (fitted on
NewsMTSC), and stance toward each actor."""
