"""Export formats: confidences without float noise, partial dates as the days they cover."""
from __future__ import annotations

from datetime import date

import pytest

from marsad.export.formats import date_range, flat, plover_from_event
from marsad.records import Entity, Event


def test_a_confidence_is_exported_rounded():
    ev = Event(doc="d", event_type="CONSULT", mode=None, context=(), actor=(Entity("A", "LBY"),), recipient=(),
               location=None, date="2025-05-10", date_text=None, aux=None, evidence="…", start=0, end=1,
               trigger="استقبل", trigger_id="t", cameo="042", confidence=0.1 * 7)
    assert 0.1 * 7 == 0.7000000000000001
    record = plover_from_event(ev)
    assert record["confidence"] == 0.7 and flat(record)["confidence"] == 0.7


@pytest.mark.parametrize("value,expected", [
    ("2025-05-10", (date(2025, 5, 10), date(2025, 5, 10), "day")),
    ("2024-02", (date(2024, 2, 1), date(2024, 2, 29), "month")),
    ("2019", (date(2019, 1, 1), date(2019, 12, 31), "year")),
    (None, (None, None, None)),
])
def test_a_partial_date_covers_its_days(value, expected):
    assert date_range(value) == expected
