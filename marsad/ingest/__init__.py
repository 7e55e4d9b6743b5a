"""Ingest stage: files and feeds → clean Documents (encodings, boilerplate, duplicates)."""
