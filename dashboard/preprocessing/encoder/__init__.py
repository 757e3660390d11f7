"""Sentence embeddings: all-MiniLM-L6-v2 as an int8 ONNX model, run with onnxruntime."""
