"""Readers for each input format, junk removal, and publication dates from every source."""
from __future__ import annotations

from datetime import date

import pytest

from marsad.ingest.clean import clean_text
from marsad.ingest.readers import InputProblem, read_path

BODY = "استقبل رئيس الحكومة عبد الحميد الدبيبة في طرابلس وزير الخارجية الإيطالي أنطونيو تاياني لبحث ملف الهجرة."


def _read(path, kb, **kw):
    return [d for d in read_path(path, month_numbers=kb.month_numbers, **kw) if not isinstance(d, InputProblem)]


def test_page_junk_is_removed_and_article_lines_kept_verbatim():
    page = "\n".join([
        "الدبيبة يستقبل تاياني", "", BODY, "",
        "شارك على فيسبوك", "لخص هذا المقال بالذكاء الاصطناعي",
        "Photo: Dbeibah receives Tajani at the government headquarters in Tripoli", "",
        "اقرأ أيضاً", "أسعار الذهب تتراجع", "منتخب ليبيا يتأهل",
        "التعليقات", "أضف تعليقك"])
    cleaned = clean_text(page)
    assert BODY in cleaned
    for junk in ("فيسبوك", "الذكاء الاصطناعي", "Photo", "أسعار الذهب", "تعليقك"):
        assert junk not in cleaned


def test_a_related_news_tail_after_the_article_is_cut():
    article = "\n".join([BODY] * 8)
    other = "ما أسباب انفجار الميناء؟ قال خبير عسكري إن المواد المخزنة لم تكن مطابقة للمعايير المعتمدة في الموانئ الكبرى."
    assert other not in clean_text(article + "\nأخبار ذات صلة\n" + other)


def test_html_main_text_title_and_meta_date(tmp_path, kb):
    page = tmp_path / "page.html"
    page.write_text(f"""<html><head><title>الدبيبة يستقبل تاياني</title>
<meta property="article:published_time" content="2024-07-17T09:00:00Z"></head>
<body><nav><a href="/">الرئيسية</a> <a href="/a">رياضة</a></nav>
<article><h1>الدبيبة يستقبل تاياني</h1><p>{BODY}</p><p>وأكد الجانبان أهمية التنسيق في ملف الهجرة غير النظامية عبر المتوسط.</p></article>
<aside><h3>اقرأ أيضاً</h3><ul><li><a href="/x">خبر آخر لا علاقة له</a></li></ul></aside>
<script>var tracking = 1;</script></body></html>""", encoding="utf-8")
    [doc] = _read(page, kb)
    assert BODY in doc.text and "tracking" not in doc.text
    assert doc.published == date(2024, 7, 17)


def test_a_photo_caption_is_read_with_the_article(tmp_path, kb):
    """Captions are coded (ruling 10); the main-text extractor alone drops <figure> and <figcaption>. The caption
    is read after the body, where it cannot pass for the lead."""
    caption = "رئيس الحكومة يستقبل وزير الخارجية الإيطالي لدى وصوله إلى مقر الحكومة في طرابلس"
    page = tmp_path / "page.html"
    page.write_text(f"""<html><head><title>الدبيبة يستقبل تاياني</title></head><body>
<article><h1>الدبيبة يستقبل تاياني</h1>
<FIGURE class="photo"><img src="/media/a.jpg" alt=""><figcaption>{caption}</figcaption></FIGURE>
<p>{BODY}</p><p>وأكد الجانبان أهمية التنسيق في ملف الهجرة غير النظامية عبر المتوسط.</p></article></body></html>""",
                    encoding="utf-8")
    [doc] = _read(page, kb)
    lines = doc.text.splitlines()
    assert caption in lines and BODY in lines
    assert lines.index(caption) > lines.index(BODY)  # after the body: the lead stays the first paragraph


def test_an_unclosed_caption_does_not_swallow_the_next_one(tmp_path, kb):
    caption = "وزير الخارجية الإيطالي لدى وصوله إلى مقر الحكومة في طرابلس"
    page = tmp_path / "page.html"
    page.write_text(f"""<html><head><title>الدبيبة يستقبل تاياني</title></head><body><article><h1>الدبيبة يستقبل تاياني</h1>
<figure><figcaption>صورة أرشيفية</figure>
<figure><img src="/a.jpg" alt=""><figcaption>{caption}</figcaption></figure>
<p>{BODY}</p><p>وأكد الجانبان أهمية التنسيق في ملف الهجرة غير النظامية عبر المتوسط.</p></article></body></html>""", encoding="utf-8")
    [doc] = _read(page, kb)
    lines = doc.text.splitlines()
    assert BODY in lines and caption in lines and lines.index(caption) > lines.index(BODY)


def test_rss_feed_entries_become_documents(tmp_path, kb):
    feed = tmp_path / "feed.xml"
    feed.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>وكالة</title>
<item><title>خبر</title><link>https://example.org/1</link><guid>item-1</guid>
<pubDate>Wed, 17 Jul 2024 09:00:00 GMT</pubDate><description>{BODY}</description></item>
<item><title>خبر ثان</title><link>https://example.org/2</link><guid>item-2</guid>
<pubDate>Thu, 18 Jul 2024 09:00:00 GMT</pubDate><description>{BODY.replace("طرابلس", "مصراتة")}</description></item>
</channel></rss>""", encoding="utf-8")
    docs = _read(feed, kb)
    assert [d.id for d in docs] == ["item-1", "item-2"]
    assert docs[0].published == date(2024, 7, 17) and docs[0].url == "https://example.org/1"


def test_date_line_in_text_and_the_published_flag(tmp_path, kb):
    dated = tmp_path / "dated.txt"
    dated.write_text(f"عنوان الخبر\nنُشر في: 14 مايو 2025\n\n{BODY}", encoding="utf-8")
    assert _read(dated, kb)[0].published == date(2025, 5, 14)
    undated = tmp_path / "undated.txt"
    undated.write_text(BODY, encoding="utf-8")
    assert _read(undated, kb)[0].published is None
    assert _read(undated, kb, published=date(2024, 1, 2))[0].published == date(2024, 1, 2)


def test_an_inline_read_also_list_does_not_end_the_article():
    first = "\n".join([BODY] * 6)
    after = "وفي سياق متصل، أعلنت الحكومة أن وزير الخارجية سيتوجه إلى روما الأسبوع المقبل لاستكمال المباحثات حول الهجرة."
    cleaned = clean_text(first + "\n\nاقرأ أيضاً:\n- أسعار النفط تتراجع\n- منتخب ليبيا يتأهل\n\n" + after)
    assert after in cleaned and "أسعار النفط" not in cleaned


def test_a_bulleted_read_also_headline_is_junk():
    # '▪ اقرأ أيضاً: عنوان خبر آخر' — one line, the marker and the headline together
    cleaned = clean_text(BODY + "\n▪ اقرأ أيضاً: لبنان يطلب دعماً أوروبياً لإعادة إعمار الجنوب\n» اقرأ أيضا: منتخب ليبيا يتأهل")
    assert cleaned == BODY


def test_breadcrumbs_menus_newsletter_promos_and_keyword_lines_are_junk():
    page = "\n".join([
        "الرئيسية > أخبار > العالم العربي > ليبيا", "الوطن | العالم | اقتصاد | رياضة | ثقافة", "",
        "الدبيبة يستقبل تاياني", "الدوحة | الجمعة 25 يوليو 2025", "", BODY, "",
        "📩 اشترك في نشرتنا البريدية لتصلك أهم الأخبار صباح كل يوم", "الكلمات المفتاحية: ليبيا، إيطاليا، الهجرة",
        "الوسوم: ليبيا | إيطاليا"])
    cleaned = clean_text(page)
    assert cleaned.split("\n")[0] == "الدبيبة يستقبل تاياني" and BODY in cleaned
    assert "الدوحة | الجمعة 25 يوليو 2025" in cleaned  # a dated line stays: the publication date is read from it
    for junk in ("الرئيسية", "رياضة", "نشرتنا", "المفتاحية", "الوسوم"):
        assert junk not in cleaned


def test_a_two_step_breadcrumb_a_section_line_and_a_reaction_widget_are_junk():
    page = "\n".join([
        "صحيفة المشرق | بيروت", "أخبار عربية | ليبيا", "قسم: عرب وعالم", "", "الدبيبة يستقبل تاياني", "",
        BODY * 2, "", "طرابلس | روما", "", "هل أعجبك المقال؟ 👍 👎"])
    cleaned = clean_text(page)
    assert cleaned.split("\n")[:3] == ["صحيفة المشرق | بيروت", "", "الدبيبة يستقبل تاياني"]  # a masthead names the outlet
    assert BODY * 2 in cleaned and "طرابلس | روما" in cleaned  # inside the article two steps are no breadcrumb
    for junk in ("أخبار عربية", "قسم", "أعجبك"):
        assert junk not in cleaned


@pytest.mark.parametrize("head,title", [
    # a masthead, a section and a date, then the headline
    (["صحيفة الساحل الخليجية", "قسم: عرب وعالم", "الجمعة 25 يوليو 2025", "الدبيبة يستقبل تاياني في طرابلس لبحث الهجرة",
      "كتب: مراسل الشؤون المغاربية"], "الدبيبة يستقبل تاياني في طرابلس لبحث الهجرة"),
    # a breadcrumb (removed as junk), the headline, then the date line
    (["الرئيسية > أخبار > ليبيا", "الدبيبة يستقبل تاياني في طرابلس لبحث الهجرة", "نُشر في: 11 مايو 2025"],
     "الدبيبة يستقبل تاياني في طرابلس لبحث الهجرة"),
    # an outlet's name with a city, an issue and date line, a dateline
    (["العرب الدولية – لندن", "العدد 4127 | الخميس 20 شباط 2025", "الدبيبة يستقبل تاياني",
      "طرابلس – «العرب»"], "الدبيبة يستقبل تاياني"),
    # a short name right above the date line is a masthead too
    (["الشعب المغاربي", "الأربعاء 12 جانفي 2022 | دولي", "الدبيبة يستقبل تاياني في طرابلس"],
     "الدبيبة يستقبل تاياني في طرابلس"),
    # a clean article: the first line, not the longer subtitle under it
    (["الدبيبة يستقبل تاياني.. والهجرة أولاً", "زيارة تمنح الحكومة ورقة جديدة في ملف الهجرة غير النظامية عبر المتوسط"],
     "الدبيبة يستقبل تاياني.. والهجرة أولاً"),
    # no headline at all: no title rather than a masthead
    (["وكالة الأنباء الليبية (وال)", "13 ديسمبر 2018"], None),
])
def test_a_text_page_is_titled_with_its_headline(tmp_path, kb, head, title):
    page = tmp_path / "page.txt"
    page.write_text("\n".join(head) + "\n\n" + BODY * 3, encoding="utf-8")
    assert _read(page, kb)[0].title == title
