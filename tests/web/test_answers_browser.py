"""The analyst's views in real headless Chromium: the visit ledger, the claims page and the camp balance chart,
each clicked through to the evidence, and watches from the events page to the dashboard. Screenshots go to
test-artifacts/."""
from __future__ import annotations

import re

import pytest

from test_workbench_browser import no_problems
from web_helpers import goto, shot, wait_drawn

pytestmark = pytest.mark.browser


def test_the_visit_ledger_opens_each_report_and_its_evidence(page):
    goto(page, "#/visits?actor=Yevkurov&host=Benghazi&from=2023-08&to=2024-11")
    assert page.locator("#visit-count").inner_text() == "5"
    rows = page.locator("tr.visit")
    assert rows.count() == 5
    assert rows.first.locator("td").first.inner_text().startswith("2023-08-22")
    assert page.locator("a[data-format=csv]").get_attribute("href").startswith("/api/visits?actor=Yevkurov")
    rows.first.locator("td").nth(1).click()  # the visit opens on its reports, one per outlet and sentence
    reports = page.locator("tr.visit-reports:not([hidden]) li.report")
    assert reports.count() >= 2
    assert reports.first.locator(".evidence").get_attribute("dir") == "rtl"
    shot(page, "visit-ledger")
    reports.first.locator("a.open-event").click()
    page.wait_for_url(re.compile(r"#/events/\d+$"))
    wait_drawn(page)
    assert "يفكوروف" in page.locator(".report p.evidence").first.inner_text()
    no_problems(page)


def test_the_ledger_is_reachable_from_an_actor_and_a_dyad(page):
    goto(page, "#/actors/yunus-bek-yevkurov")
    page.locator(".ledger-links a", has_text="Visits made by").click()
    page.wait_for_url(re.compile(r"#/visits\?actor="))
    wait_drawn(page)
    assert int(page.locator("#visit-count").inner_text()) >= 5
    goto(page, "#/dyads/RUS/LBY-E")
    page.locator(".ledger-links a").first.click()
    page.wait_for_url(re.compile(r"#/visits\?actor=RUS&host=LBY-E"))
    wait_drawn(page)
    assert int(page.locator("#visit-count").inner_text()) >= 5
    no_problems(page)


def test_the_claims_page_puts_contradictions_first_and_opens_what_is_behind_them(page):
    goto(page, "#/claims")
    statuses = page.locator("li.claim").evaluate_all("els => els.map(e => e.dataset.status)")
    n = int(page.locator("[data-status-count=contradicted]").inner_text())
    assert n >= 4 and statuses[:n] == ["contradicted"] * n
    kremlin = page.locator("li.claim", has_text="الأول من نوعه")
    assert kremlin.locator(".mk-claim").inner_text() == "الأول من نوعه"
    assert "earlier visit" in kremlin.locator(".verdict").inner_text()
    shot(page, "claims")
    kremlin.locator("[data-basis-visit] a.open-event").first.click()
    page.wait_for_url(re.compile(r"#/events/\d+$"))
    wait_drawn(page)
    assert page.locator(".report").count() >= 1
    assert "2023-09-28" in page.locator("dl.facts").inner_text()
    goto(page, "#/claims?status=contradicted&kind=quantity")
    deal = page.locator("li.claim", has_text="نحو ثلاثة مليارات دولار")
    deal.locator("[data-basis-claim] a").first.click()  # the other outlet's figure, in its article
    page.wait_for_url(re.compile(r"#/documents/\d+"))
    wait_drawn(page)
    assert "أربعة مليارات دولار" in page.locator("#doc-text").inner_text()
    no_problems(page)


def test_the_balance_chart_opens_a_quarters_events_and_exports(page):
    goto(page, "#/balance?state=TUR")
    page.wait_for_function("() => window.marsadChart && window.marsadChart.getDatasetMeta(0).data.length > 0")
    assert page.locator("#balance-ranking tbody tr").count() >= 5
    assert "Türkiye" in page.locator("#balance-title").inner_text()
    # a real click on the last quarter's bar of cooperation with the east
    point = page.evaluate("""() => {
        const chart = window.marsadChart, meta = chart.getDatasetMeta(0);
        const quarters = chart.data.datasets[0].data;
        let i = quarters.length - 1;
        while (i > 0 && !quarters[i]) i--;
        const bar = meta.data[i], box = chart.canvas.getBoundingClientRect();
        return {x: box.left + bar.x, y: box.top + (bar.y + bar.base) / 2, quarter: chart.data.labels[i]};
    }""")
    shot(page, "balance")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#balance-events table.events tbody tr")
    assert point["quarter"] in page.locator("#quarter-title").inner_text()
    with page.expect_download() as png:
        page.click("button[data-format=png]")
    assert png.value.suggested_filename == "marsad-balance-TUR.png"
    assert page.locator("a[data-format=csv]").first.get_attribute("href").startswith("/api/balance?state=TUR")
    shot(page, "balance-quarter")
    page.locator("#balance-events table.events tbody tr td").first.click()
    page.wait_for_url(re.compile(r"#/events/\d+$"))
    wait_drawn(page)
    assert page.locator(".report p.evidence").count() >= 1
    no_problems(page)


def test_a_filter_is_watched_and_the_dashboard_counts_new_matches(page):
    goto(page, "#/events?polity=RUS&type=CONSULT")
    page.click("#watch-filter")
    page.wait_for_url(re.compile(r"#/watches/\d+$"))
    wait_drawn(page)
    assert page.locator("h1").inner_text().startswith("Watch:")
    assert page.locator("table.events tbody tr").count() >= 1
    feed = page.locator("a", has_text="Atom feed").get_attribute("href")
    assert re.fullmatch(r"/api/watches/\d+/feed", feed)
    goto(page, "#/")
    assert page.locator("#watch-panel li[data-watch]").count() >= 1
    assert page.locator("#watch-new-total").inner_text().isdigit()
    shot(page, "dashboard-watches")
    goto(page, "#/watches")
    page.fill("#watch-form input[name=location]", "Benghazi")
    page.select_option("#watch-form select[name=claim_status]", "contradicted")
    page.click("#watch-form button[type=submit]")
    page.wait_for_url(re.compile(r"#/watches/\d+$"))
    wait_drawn(page)
    no_problems(page)
