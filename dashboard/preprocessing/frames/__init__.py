"""Frames: how coverage tells the story (`data/frames.csv`), sentence by sentence."""
