"""Checking the tool's numbers against people's reading: labels, samples, agreement."""
