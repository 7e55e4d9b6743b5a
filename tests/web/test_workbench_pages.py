"""Issue 9's workbench in real headless Chromium: the actor filter in Arabic, the actors pager, network labels that
can be read at polity and person level, the document reader without page junk, grouped search, dates that do not
wrap and the API docs under the page's CSP. Screenshots go to test-artifacts/."""
from __future__ import annotations

import re

import httpx
import pytest

from web_helpers import goto, shot, wait_drawn

pytestmark = pytest.mark.browser


def no_problems(pg):
    assert not pg.dialogs, pg.dialogs
    assert not pg.problems, pg.problems
    assert not pg.locator(".error").count(), pg.locator(".error").all_inner_texts()


def api(pg, path, **params):
    return httpx.get(pg.base + path, params=params, timeout=30).json()


def filter_events_by_actor(pg, name: str) -> str:
    goto(pg, "#/events")
    pg.fill("input[name=actor]", name)
    pg.click("#event-filters button[type=submit]")
    pg.wait_for_url(re.compile(r"actor="))
    wait_drawn(pg)
    return pg.locator("#event-count").inner_text()


def test_the_actor_filter_takes_arabic_names(page):
    arabic = filter_events_by_actor(page, "حفتر")
    total = api(page, "/api/events", actor="حفتر", limit=1)["total"]
    assert total > 0 and arabic.endswith(f"of {total} events")
    names = page.locator("table.events tbody tr td:nth-child(3)").all_inner_texts()
    assert names and all("Haftar" in n or "Libyan National Army" in n for n in names)
    shot(page, "events-actor-arabic")
    assert filter_events_by_actor(page, "Haftar") == arabic  # the English name finds the same events
    no_problems(page)


def test_dates_never_wrap(page):
    page.set_viewport_size({"width": 900, "height": 900})  # narrow: the evidence column squeezes the others
    goto(page, "#/events")
    cells = page.locator("table.events tbody td.nowrap")
    assert cells.count() >= 10
    lines = cells.evaluate_all("""cells => cells.map(c => {
        const range = document.createRange();
        range.selectNodeContents(c);
        return [c.innerText, new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
    })""")
    assert all(n == 1 for _, n in lines), [(t, n) for t, n in lines if n != 1]
    no_problems(page)


def test_the_actors_page_pages_through_every_actor_once(page):
    total = api(page, "/api/actors", limit=1)["total"]
    assert total > 50
    goto(page, "#/actors")
    assert page.locator("#actor-count").inner_text() == f"1–50 of {total} actors"
    seen = page.locator("#actor-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.actor)")
    assert len(seen) == 50
    shot(page, "actors")
    while page.locator(".pager[data-where=top] a[rel=next]").count():
        page.click(".pager[data-where=top] a[rel=next]")
        page.wait_for_url(re.compile(r"offset=\d+"))
        wait_drawn(page)
        seen += page.locator("#actor-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.actor)")
    assert len(seen) == len(set(seen)) == total
    assert page.locator(".pager[data-where=top] a[rel=prev]").count() == 1
    no_problems(page)


def test_states_are_states_with_their_arabic_names(page):
    goto(page, "#/actors?q=" + "تركيا")
    # the state's own row (its generic actors, 'government (Türkiye)', are listed beside it)
    row = page.locator("#actor-table tbody tr").filter(
        has=page.locator("td:first-child", has_text=re.compile(r"^\s*Türkiye\s*$")))
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert cells[1] == "تركيا" and cells[2] == "TUR" and cells[3] == "state"
    goto(page, "#/actors?q=" + "الأمم المتحدة")
    names = page.locator("#actor-table tbody td:first-child").all_inner_texts()
    assert names.count("United Nations") == 1
    no_problems(page)


LABELS = """() => {
    const cy = window.marsadCy;
    const z = cy.zoom();
    return cy.nodes().map(n => ({
        id: n.id(), label: n.data('label'), rank: n.data('z'), shown: !n.hasClass('quiet'),
        box: n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true}),
        px: parseFloat(n.style('font-size')) * z,
    }));
}"""


def overlap(a, b) -> bool:
    return not (a["x2"] <= b["x1"] or b["x2"] <= a["x1"] or a["y2"] <= b["y1"] or b["y2"] <= a["y1"])


@pytest.mark.parametrize("level", ["polity", "person"])
def test_network_labels_can_be_read(page, level):
    goto(page, f"#/network?level={level}")
    page.wait_for_function("() => window.marsadCy && window.marsadCy.nodes().length > 0")
    nodes = page.evaluate(LABELS)
    shown = [n for n in nodes if n["shown"]]
    assert "IGO" not in {n["id"] for n in nodes}  # international organisations take their own code (ruling 8)
    top = sorted(nodes, key=lambda n: -n["rank"])[:5]  # the most connected (the app draws them above the rest)
    assert all(n["shown"] for n in top), [n["label"] for n in top if not n["shown"]]
    assert len(shown) >= min(len(nodes), 15)
    for i, a in enumerate(shown):
        assert a["px"] >= 11, f"{a['label']!r} is drawn at {a['px']:.1f}px"
        for b in shown[i + 1:]:
            assert not overlap(a["box"], b["box"]), f"{a['label']!r} overlaps {b['label']!r}"
    shot(page, f"network-labels-{level}")
    target = page.evaluate("""() => {  // an unlabelled node that no other node covers: its label shows on hover
        const cy = window.marsadCy;
        const inside = (b, p) => p.x > b.x1 && p.x < b.x2 && p.y > b.y1 && p.y < b.y2;
        const n = cy.nodes('.quiet').filter(n => cy.nodes().every(o => o === n ||
            !inside(o.renderedBoundingBox({includeLabels: false}), n.renderedPosition())))[0];
        return n ? {id: n.id(), label: n.data('label'), at: n.renderedPosition()} : null;
    }""")
    if target:
        page.evaluate("document.getElementById('cy').scrollIntoView({block: 'center'})")  # all of it in the window
        box = page.locator("#cy").bounding_box()
        page.mouse.move(box["x"] + target["at"]["x"], box["y"] + target["at"]["y"])
        page.wait_for_function("id => window.marsadCy.getElementById(id).hasClass('hover')", arg=target["id"])
        assert page.evaluate("id => window.marsadCy.getElementById(id).style('label')", target["id"]) == target["label"]
        shot(page, f"network-labels-{level}-hover")
    no_problems(page)


def test_the_document_reader_shows_the_headline_and_no_page_junk(page):
    docs = api(page, "/api/documents", limit=500)["documents"]
    moscow = next(d for d in docs if d["doc_key"] == "101_haftar-moscow-2025.txt")
    goto(page, f"#/documents/{moscow['id']}")
    assert page.locator("h1").inner_text() == "بوتين يستقبل حفتر في الكرملين بعد مشاركته في احتفالات عيد النصر"
    text = page.locator("#doc-text").inner_text()
    for junk in ("الرئيسية", "نشرتنا", "الكلمات المفتاحية", "شارك على"):
        assert junk not in text, junk
    triggers = page.locator("#doc-text .mk-trigger")
    assert triggers.count() >= 1
    words = triggers.all_inner_texts()
    assert not [w for w in words if w.startswith(("نُشر", "نشر"))], words
    assert triggers.evaluate_all("els => els.every(e => e.closest('.mk-event'))")  # only inside an event's sentence
    shot(page, "document-reader")
    goto(page, "#/documents")
    titles = page.locator("table tbody td:nth-child(2)").all_inner_texts()
    assert not [t for t in titles if re.search(r"^(صحيفة|جريدة|وكالة|موقع|بوابة)|\s[>›»]\s", t)], titles
    no_problems(page)


def test_search_results_are_grouped_by_article(page):
    goto(page, "#/search?q=Haftar")
    result = api(page, "/api/search", q="Haftar", group="document", limit=20)
    groups = page.locator(".hit-document")
    assert groups.count() == len(result["documents"]) > 3
    assert page.locator("#search-count").inner_text().startswith(f"{result['total']} articles")
    first = groups.first
    assert first.locator(".hit-head a").get_attribute("href") == f"#/documents/{result['documents'][0]['document_id']}"
    assert first.locator(".mk-search").count() >= 1 and "حفتر" in " ".join(first.locator(".mk-search").all_inner_texts())
    shot(page, "search-grouped")
    no_problems(page)


def test_the_api_docs_load_under_the_content_security_policy(page):
    response = page.goto(page.base + "/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    page.wait_for_selector(".swagger-ui .opblock", timeout=30000)
    assert not [p for p in page.problems if "Content Security Policy" in p or "Refused" in p], page.problems
