"""End to end in real headless Chromium: every page loads, filters work, an event shows its Arabic evidence,
a network edge click lists its events, and article markup is shown as text, never run.
Screenshots go to test-artifacts/."""
from __future__ import annotations

import re

import pytest

from web_helpers import goto, shot, wait_drawn

pytestmark = pytest.mark.browser


def no_problems(pg):
    assert not pg.dialogs, pg.dialogs
    assert not pg.problems, pg.problems
    assert not pg.locator(".error").count(), pg.locator(".error").all_inner_texts()


def test_dashboard(page):
    goto(page, "#/")
    assert page.locator(".card").count() == 4
    assert int(page.locator(".card .n").first.inner_text()) >= 5
    page.wait_for_function("() => { const c = document.querySelector('canvas'); return c && c.width > 0; }")
    assert page.locator("text=Most active actors").count() == 1
    assert page.locator("table.events tbody tr").count() >= 1
    shot(page, "dashboard")
    no_problems(page)


def test_events_filter_then_open_event_with_arabic_evidence(page, web_seed):
    goto(page, "#/events")
    before = page.locator("#event-count").inner_text()
    page.select_option("select[name=type]", "CONSULT")
    page.fill("input[name=actor]", "khalifa-haftar")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url(re.compile(r"type=CONSULT"))
    wait_drawn(page)
    after = page.locator("#event-count").inner_text()
    assert after != before
    tags = page.locator("table.events tbody tr td:nth-child(2) .tag:not(.aux)").all_inner_texts()
    assert tags and set(tags) == {"CONSULT"}
    export = page.locator("a[data-format=csv]").get_attribute("href")
    assert "type=CONSULT" in export and "actor=khalifa-haftar" in export
    shot(page, "events-filtered")

    page.locator(f"tr[data-event='{web_seed.events['seed-moscow-2025#0']}'] td").first.click()
    page.wait_for_url(re.compile(r"#/events/\d+$"))
    wait_drawn(page)
    evidence = page.locator(".report p.evidence").first
    assert evidence.get_attribute("dir") == "rtl" and evidence.get_attribute("lang") == "ar"
    assert "استقبل الرئيس الروسي" in evidence.inner_text()
    trigger = evidence.locator(".mk-trigger").first
    assert trigger.inner_text() == "استقبل"
    font = evidence.evaluate("el => getComputedStyle(el).fontFamily")
    assert "Noto Naskh Arabic" in font
    loaded = page.evaluate("() => document.fonts.check('16px \"Noto Naskh Arabic\"', 'استقبل')")
    assert loaded
    assert page.locator(".report").count() >= 2  # the second article reporting the same visit
    assert page.locator(".gloss li").filter(has_text="trigger: CONSULT").count() >= 1  # English beside the Arabic
    shot(page, "event-detail")
    no_problems(page)


def test_actor_page(page):
    goto(page, "#/actors?q=حفتر")
    page.locator("table a", has_text="Khalifa Haftar").first.click()
    page.wait_for_url(re.compile(r"#/actors/\d+$"))
    wait_drawn(page)
    assert page.locator("h1").inner_text().startswith("Khalifa Haftar")
    assert page.locator("text=Commander").count() >= 1
    assert page.locator("text=Vladimir Putin").count() >= 1
    page.wait_for_function("() => document.querySelector('canvas') && document.querySelector('canvas').width > 0")
    shot(page, "actor")
    no_problems(page)


def test_network_click_an_edge_lists_its_events(page):
    goto(page, "#/network?level=polity")
    page.wait_for_function("() => window.marsadCy && window.marsadCy.edges().length > 0")
    # an edge whose midpoint no node covers, so the click lands on the edge itself
    target = page.evaluate("""() => {
        const cy = window.marsadCy;
        const box = cy.container().getBoundingClientRect();
        const clear = (p) => p.x > 10 && p.y > 10 && p.x < box.width - 10 && p.y < box.height - 10 &&
            cy.nodes().every(n => { const b = n.renderedBoundingBox({includeLabels: true});
                return p.x < b.x1 - 6 || p.x > b.x2 + 6 || p.y < b.y1 - 6 || p.y > b.y2 + 6; });
        const edges = cy.edges().sort((a, b) => b.data('weight') - a.data('weight'));
        for (const edge of edges) {
            const m = edge.renderedMidpoint();
            if (clear(m)) return {x: box.left + m.x, y: box.top + m.y, id: edge.id()};
        }
        return null;
    }""")
    assert target, "every edge midpoint is under a node"
    shot(page, "network")
    page.mouse.click(target["x"], target["y"])  # a real click on the canvas
    page.wait_for_selector("#network-side .edge-events li")
    # the edge under the pointer (crossing edges may make it a neighbour of the one aimed at) is selected,
    # and the panel lists the events of that edge
    picked = page.evaluate("""() => window.marsadCy.edges(':selected').map(e =>
        [e.source().data('label'), e.target().data('label')])""")
    assert len(picked) == 1
    title = page.locator("#edge-title").inner_text()
    assert picked[0][0] in title and picked[0][1] in title
    items = page.locator("#network-side .edge-events li")
    assert items.count() >= 1
    assert items.first.locator(".evidence").get_attribute("dir") == "rtl"
    shot(page, "network-edge")
    # filter by type and time window
    page.check("input[name=type][value=CONSULT]")
    page.fill("#network-filters input[name=date_from]", "2025")
    page.click("#network-filters button[type=submit]")
    page.wait_for_url(re.compile(r"type=CONSULT"))
    wait_drawn(page)
    page.wait_for_function("() => window.marsadCy")
    types = page.evaluate("() => window.marsadCy.edges().map(e => Object.keys(e.data('raw').by_type)).flat()")
    assert set(types) <= {"CONSULT"}
    page.select_option("#network-filters select[name=colour]", "polity")
    page.click("#network-filters button[type=submit]")
    page.wait_for_url(re.compile(r"colour=polity"))
    wait_drawn(page)
    no_problems(page)


def test_dyad_chart(page):
    goto(page, "#/dyads/RUS/LBY-E")
    page.wait_for_function("() => document.querySelector('canvas') && document.querySelector('canvas').width > 0")
    assert page.locator("h2", has_text="↔").count() == 1
    assert page.locator("table.events tbody tr").count() >= 1
    shot(page, "dyad")
    no_problems(page)


def test_document_reader_marks(page, web_seed):
    goto(page, f"#/documents/{web_seed.documents['seed-moscow-2025']}?event={web_seed.events['seed-moscow-2025#0']}")
    text = page.locator("#doc-text")
    assert text.get_attribute("dir") == "rtl"
    for kind in ("actor", "trigger", "event"):
        assert text.locator(f".mk-{kind}").count() >= 1, kind
    assert text.locator(".mk-event.focus").count() >= 1
    page.uncheck("input[data-kind=actor]")
    assert "hide-actor" in text.get_attribute("class")
    shot(page, "document")
    goto(page, "#/documents")
    assert page.locator("table tbody tr").count() >= 5
    no_problems(page)


def test_search_page(page):
    goto(page, "#/")
    page.fill("#search-box", "انقره")
    page.press("#search-box", "Enter")
    page.wait_for_url(re.compile(r"#/search\?q="))
    wait_drawn(page)
    assert page.locator(".mk-search").count() >= 1
    assert "أنقرة" in " ".join(page.locator(".mk-search").all_inner_texts()) or \
        "أَنْقَرَةُ" in " ".join(page.locator(".mk-search").all_inner_texts())
    shot(page, "search")
    no_problems(page)


def test_api_docs_page(page):
    page.goto(page.base + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30000)
    assert page.locator(".opblock-summary-path", has_text="/api/events").count() >= 1


@pytest.mark.parametrize("where", ["document", "event", "events", "search"])
def test_article_markup_is_shown_as_text_never_run(page, web_seed, where):
    target = {"document": f"#/documents/{web_seed.documents['seed-xss']}",
              "event": f"#/events/{web_seed.events['seed-xss#0']}",
              "events": "#/events?type=THREATEN",
              "search": "#/search?q=" + "المتحدث"}[where]
    goto(page, target)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("main img").count() == 0
    assert page.locator("main script").count() == 0
    assert page.evaluate("() => [...document.querySelectorAll('*')].filter(e => e.hasAttribute('onerror')).length") == 0
    body = page.locator("main").inner_text()
    assert "<script>window.__xss=1;alert('xss')</script>" in body
    assert '<img src=x onerror="window.__xss=2;alert(2)">' in body
    if where in ("document", "event", "search"):
        assert page.locator("main .bidi-ctl", has_text="U+202E").count() >= 1
    assert not page.dialogs
    shot(page, f"xss-{where}")
    no_problems(page)
