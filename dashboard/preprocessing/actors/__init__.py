"""Actors: the dictionary users edit, mentions resolved per article, quotes and their
speakers, and names that the dictionary does not know yet."""
