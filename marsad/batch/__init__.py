"""Batch stage: the pure extractor over an archive on Spark (`marsad spark-extract`), written as Parquet that
`marsad load` (marsad.store.bulk) bulk-loads into the store."""
