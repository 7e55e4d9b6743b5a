"""A real server (started the way `marsad serve` starts it) and Debian's headless Chromium driven by Playwright."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))  # the shared store builder
from seed_store import Seed, build_store  # noqa: E402

from marsad.api.launch import ServerProcess  # noqa: E402
from web_helpers import CHROMIUM  # noqa: E402

LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def web_seed(tmp_path_factory, kb) -> Seed:
    return build_store(tmp_path_factory.mktemp("web-store") / "workbench.db", kb)


@pytest.fixture(scope="session")
def web_server(web_seed, tmp_path_factory):
    log = tmp_path_factory.mktemp("web-server") / "serve.log"
    with ServerProcess(web_seed.url, use_cli=True, log_path=log) as proc:
        yield proc


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: run `make browser` (scripts/install-browser.sh, needs root) "
                    "to install Debian's chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, web_server):
    """A fresh page that records console errors, page errors and any dialog (none may appear)."""
    context = browser.new_context(viewport={"width": 1360, "height": 1000}, locale="en-GB")
    pg = context.new_page()
    pg.problems = []
    pg.dialogs = []
    pg.on("pageerror", lambda exc: pg.problems.append(f"pageerror: {exc}"))
    pg.on("console", lambda msg: pg.problems.append(f"console: {msg.text}") if msg.type == "error" else None)

    def on_dialog(dialog):
        pg.dialogs.append(dialog.message)
        dialog.dismiss()
    pg.on("dialog", on_dialog)
    pg.base = web_server.url
    yield pg
    context.close()
