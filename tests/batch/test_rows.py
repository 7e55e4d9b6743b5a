"""The Parquet rows of `marsad spark-extract` give back the events they were made from (no Spark needed)."""
from __future__ import annotations

import pyarrow as pa

from marsad.batch.rows import EVENTS, event_from_row, event_rows
from marsad.extract import extract
from marsad.records import Document

TEXT = "استقبل الرئيس المصري عبد الفتاح السيسي المشير خليفة حفتر في القاهرة يوم 12 مارس 2024 لبحث ملف الحدود."


def test_an_event_row_keeps_every_field_of_its_event_the_trigger_offsets_included(kb):
    doc = Document(id="cairo", text=TEXT)
    extracted = extract(doc, kb)
    assert extracted and all(ev.trigger_span for ev in extracted)
    rows, reports = event_rows("h", TEXT, "2024-03", extracted)
    rows = pa.Table.from_pylist(rows, schema=EVENTS).to_pylist()  # through the Parquet schema
    spans = [[(r["start"], r["end"]) for r in reports if r["seq"] == row["seq"]] for row in rows]
    assert [event_from_row(row, "cairo", s) for row, s in zip(rows, spans)] == extracted
