"""Text stage: normalization with an offset map, sentences, clitic-aware matching."""
