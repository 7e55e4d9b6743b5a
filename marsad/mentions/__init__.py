"""Mentions stage: actors, places and dates found in normalized text."""
