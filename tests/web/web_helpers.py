"""Helpers for the browser tests: open a page and wait for its data, save a screenshot."""
from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def goto(pg, hash_path: str) -> None:
    """Open a workbench page and wait until its data is drawn."""
    pg.goto(pg.base + "/" + hash_path)
    wait_drawn(pg)


def wait_drawn(pg) -> None:
    """Wait until the page for the current address, not the one before it, is drawn."""
    pg.wait_for_function("() => document.body.dataset.ready === 'yes' && "
                         "document.body.dataset.rendered === (location.hash.replace(/^#/, '') || '/')")


def shot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
