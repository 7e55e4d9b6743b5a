"""docs/workbench.md documents every setting and every endpoint (a new one without docs fails here)."""
from __future__ import annotations

from pathlib import Path

import pytest

from marsad.api.settings import SETTINGS
from test_api_openapi import ENDPOINTS

DOC = Path(__file__).resolve().parents[2] / "docs" / "workbench.md"


@pytest.mark.parametrize("env", [s.env for s in SETTINGS])
def test_every_setting_is_documented(env):
    assert env in DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("method,path", ENDPOINTS)
def test_every_endpoint_is_documented(method, path):
    text = DOC.read_text(encoding="utf-8")
    assert path.split("{")[0].rstrip("/") in text


def test_every_api_route_is_in_the_endpoint_list(openapi):
    assert {(m, p) for p, ops in openapi["paths"].items() for m in ops} == set(ENDPOINTS)


def test_missing_front_end_packages_give_a_clear_page(tmp_path, seeded, kb):
    from marsad.api.web import missing_packages, missing_page
    missing = missing_packages(tmp_path)
    assert len(missing) == 4
    assert "make install" in missing_page(tmp_path, missing)
