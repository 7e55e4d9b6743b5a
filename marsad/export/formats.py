"""Event records in the formats other tools read.

`plover_record` is the one shape every format starts from: the fields of
../shared/eval/GUIDELINES.md plus ids, offsets, confidence and the CAMEO code.
"""
from __future__ import annotations

import calendar
import csv
import json
from datetime import date
from typing import IO, Iterable

from marsad.records import Event
from marsad.text.sentences import evidence_window

FORMATS = ("plover-jsonl", "cameo-tsv", "csv", "parquet", "table")
BOM = "\ufeff"
CONFIDENCE_DIGITS = 3  # a confidence is a sum of tenths: 0.7, not 0.7000000000000001
FLAT_FIELDS = ["id", "doc", "event_type", "mode", "context", "cameo", "actor", "actor_polity", "recipient",
               "recipient_polity", "location", "date", "date_text", "aux", "confidence", "evidence", "start", "end"]


def plover_from_event(ev: Event, kb_version: str | None = None, event_id: str | None = None) -> dict:
    """An extracted event as a record: its evidence is the window of its sentence around the trigger, as the store
    keeps it; `sentence_start`/`sentence_end` locate the whole sentence, `reports` every sentence that tells it."""
    start, end = evidence_window(ev.evidence, 0, len(ev.evidence), ev.trigger)
    return {
        "doc": ev.doc, "id": event_id, "evidence": ev.evidence[start:end], "event_type": ev.event_type,
        "mode": ev.mode, "context": list(ev.context), "actor": [e.as_dict() for e in ev.actor],
        "recipient": [e.as_dict() for e in ev.recipient], "location": ev.location, "date": ev.date,
        "date_text": ev.date_text, "aux": ev.aux, "cameo": ev.cameo, "trigger": ev.trigger,
        "trigger_id": ev.trigger_id, "start": ev.start + start, "end": ev.start + end,
        "sentence_start": ev.start, "sentence_end": ev.end, "confidence": rounded(ev.confidence),
        "reports": [list(r) for r in ev.reports], "kb_version": kb_version,
    }


def plover_from_row(row: dict) -> dict:
    """A stored event (Store.events) in the same shape as `plover_from_event`."""
    def side(key):
        return [{"name": a["name"], "polity": a["polity"], "actor_id": a.get("actor_id")} for a in row.get(key, [])]
    return {
        "doc": row["doc_key"], "id": str(row["id"]), "evidence": row["evidence"], "event_type": row["event_type"],
        "mode": row["mode"], "context": row["context"] or [], "actor": side("actor"), "recipient": side("recipient"),
        "location": row["location"], "date": row["date"], "date_text": row["date_text"], "aux": row["aux"],
        "cameo": row["cameo"], "trigger": row["trigger"], "trigger_id": row["trigger_id"], "start": row["start"],
        "end": row["end"], "sentence_start": row.get("sentence_start"), "sentence_end": row.get("sentence_end"),
        "confidence": rounded(row["confidence"]), "kb_version": row.get("kb_version"),
    }


def rounded(confidence: float | None) -> float | None:
    return None if confidence is None else round(confidence, CONFIDENCE_DIGITS)


def flat(record: dict) -> dict:
    def names(side):
        return "; ".join(e["name"] for e in record[side])

    def polities(side):
        return "; ".join(e["polity"] or "" for e in record[side])
    return {"id": record.get("id"), "doc": record["doc"], "event_type": record["event_type"], "mode": record["mode"],
            "context": ";".join(record["context"]), "cameo": record["cameo"], "actor": names("actor"),
            "actor_polity": polities("actor"), "recipient": names("recipient"),
            "recipient_polity": polities("recipient"), "location": record["location"], "date": record["date"],
            "date_text": record["date_text"], "aux": record["aux"], "confidence": rounded(record["confidence"]),
            "evidence": record["evidence"], "start": record["start"], "end": record["end"]}


def write_plover_jsonl(records: Iterable[dict], out: IO[str]) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[dict], out: IO[str], delimiter: str = ",", bom: bool = False) -> int:
    """The flat fields, one event a row; `bom` starts the file with U+FEFF, which Excel needs to read UTF-8 Arabic."""
    if bom:
        out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=FLAT_FIELDS, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for record in records:
        row = flat(record)
        if delimiter == "\t":
            row = {k: (str(v).replace("\t", " ").replace("\n", " ") if v is not None else "") for k, v in row.items()}
        writer.writerow(row)
        n += 1
    return n


CAMEO_FIELDS = ["date", "source_actor", "source_polity", "cameo", "target_actor", "target_polity", "location",
                "doc", "evidence"]


def write_cameo_tsv(records: Iterable[dict], out: IO[str]) -> int:
    """One row per (source, target) pair, as CAMEO-era tools (PETRARCH, TABARI) expect."""
    out.write("\t".join(CAMEO_FIELDS) + "\n")
    n = 0
    for record in records:
        sources = record["actor"] or [{"name": "", "polity": ""}]
        targets = record["recipient"] or [{"name": "", "polity": ""}]
        for s in sources:
            for t in targets:
                cells = [record["date"] or "", s["name"], s["polity"] or "", record["cameo"] or "", t["name"],
                         t["polity"] or "", record["location"] or "", record["doc"], record["evidence"]]
                out.write("\t".join(str(c).replace("\t", " ").replace("\n", " ") for c in cells) + "\n")
                n += 1
    return n


PRECISIONS = {4: "year", 7: "month", 10: "day"}


def date_range(value: str | None) -> tuple[date | None, date | None, str | None]:
    """'2025-05' → (2025-05-01, 2025-05-31, 'month'): the days a partial date covers, and its precision."""
    if not value or len(value) not in PRECISIONS:
        return None, None, None
    year = int(value[:4])
    month = int(value[5:7]) if len(value) >= 7 else None
    if len(value) == 10:
        day = date.fromisoformat(value)
        return day, day, "day"
    if month:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
    return date(year, 1, 1), date(year, 12, 31), "year"


def write_parquet(records: Iterable[dict], path: str) -> int:
    """The flat fields with real types: `date` and `date_end` are dates (the first and last day the event's date
    covers: 2025-05 gives 2025-05-01 and 2025-05-31), `date_precision` says day, month or year."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"confidence": pa.float64(), "start": pa.int64(), "end": pa.int64(), "date": pa.date32()}
    fields = [*FLAT_FIELDS[:FLAT_FIELDS.index("date") + 1], "date_end", "date_precision",
              *FLAT_FIELDS[FLAT_FIELDS.index("date") + 1:]]
    rows = []
    for record in records:
        row = flat(record)
        row["date"], row["date_end"], row["date_precision"] = date_range(row["date"])
        rows.append(row)
    schema = pa.schema([(f, types.get(f, pa.date32() if f == "date_end" else pa.string())) for f in fields])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return len(rows)
