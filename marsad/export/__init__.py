"""Export stage: events as PLOVER JSONL, CAMEO TSV, CSV, Parquet; the network as GraphML/GEXF."""
