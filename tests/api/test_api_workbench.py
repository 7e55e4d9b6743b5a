"""What the workbench's pages ask of the API (issue 9): the docs page's headers, exports."""
from __future__ import annotations

import csv
import io

import pytest


def test_the_docs_page_has_the_same_headers_as_the_workbench(client):
    page, docs = client.get("/"), client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text and "<script>" not in docs.text
    for header in ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy"):
        assert docs.headers[header] == page.headers[header]
    assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/", "/docs"])
def test_head_answers_like_get(client, path):
    head = client.head(path)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-security-policy"]


def test_exported_confidences_are_rounded(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export", params={"format": "csv"}).text.lstrip("\ufeff"))))
    assert rows and all(len(r["confidence"].partition(".")[2]) <= 3 for r in rows)
