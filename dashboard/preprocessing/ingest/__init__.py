"""Ingest: files in any supported shape to raw articles, or rejections with a reason."""
