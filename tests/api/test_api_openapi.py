"""The OpenAPI document: valid, lists every endpoint, and the real responses match its schemas."""
from __future__ import annotations

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ENDPOINTS = [("get", "/api/events"), ("get", "/api/events/{event_id}"), ("get", "/api/actors"),
             ("get", "/api/actors/{actor_id}"), ("get", "/api/network"), ("get", "/api/dyads/{a}/{b}"),
             ("get", "/api/documents"), ("get", "/api/documents/{document_id}"), ("get", "/api/search"),
             ("post", "/api/ingest"), ("get", "/api/export"), ("get", "/api/summary"), ("get", "/api/health"),
             ("get", "/api/visits"), ("get", "/api/claims"), ("get", "/api/balance"), ("get", "/api/watches"),
             ("post", "/api/watches"), ("get", "/api/watches/{watch_id}"), ("delete", "/api/watches/{watch_id}"),
             ("post", "/api/watches/{watch_id}/seen"), ("get", "/api/watches/{watch_id}/feed"),
             ("post", "/api/events/{event_id}/split")]


def test_schema_is_valid_openapi(openapi):
    validate(openapi)
    assert openapi["openapi"].startswith("3.")


@pytest.mark.parametrize("method,path", ENDPOINTS)
def test_every_endpoint_is_documented(openapi, method, path):
    op = openapi["paths"][path][method]
    assert op.get("summary") and op.get("description")
    assert {"200", "201", "204"} & set(op["responses"])


def test_filters_and_errors_are_documented(openapi):
    params = {p["name"] for p in openapi["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "polity", "type", "mode", "context", "aux", "date_from", "date_to", "location", "q", "limit",
            "offset", "sort"} <= params
    ingest = openapi["paths"]["/api/ingest"]["post"]
    assert {"401", "403"} <= set(ingest["responses"]) and ingest.get("security")
    assert {"text/plain", "text/html", "application/x-ndjson", "application/json"} <= set(ingest["requestBody"]["content"])
    envelope = openapi["components"]["schemas"]["ErrorEnvelope"]
    assert envelope["properties"]["error"]


def test_docs_page_is_served_offline(client):
    page = client.get("/docs").text
    assert "/vendor/swagger-ui/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert client.get("/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def _validator(openapi, name):
    registry = Registry().with_resource("urn:marsad", Resource.from_contents(openapi, default_specification=DRAFT202012))
    return OAS31Validator({"$ref": f"urn:marsad#/components/schemas/{name}"}, registry=registry)


@pytest.mark.parametrize("path,schema", [
    ("/api/summary", "Summary"), ("/api/events?limit=20", "EventList"), ("/api/events/1", "EventDetail"),
    ("/api/actors", "ActorList"), ("/api/actors/khalifa-haftar", "ActorProfile"),
    ("/api/network?level=polity", "Network"), ("/api/network?level=person", "Network"),
    ("/api/dyads/RUS/LBY-E", "Dyad"), ("/api/documents", "DocumentList"), ("/api/documents/1", "DocumentDetail"),
    ("/api/search?q=حفتر", "SearchResult"), ("/api/health", "Health"), ("/api/nowhere", "ErrorEnvelope"),
    ("/api/visits?actor=Yevkurov&host=Benghazi", "VisitLedger"), ("/api/visits", "VisitLedger"),
    ("/api/claims", "ClaimList"), ("/api/claims?status=contradicted", "ClaimList"), ("/api/balance", "Balance"),
    ("/api/watches", "WatchList"), ("/api/balance?state=XYZ", "ErrorEnvelope"),
])
def test_responses_match_their_schema(client, openapi, path, schema):
    _validator(openapi, schema).validate(client.get(path).json())
