"""The entity-page charts: static SVG, read the way a browser and a screen reader get it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from site_builder.charts import Node, TimelineWords, fit, neighbourhood_svg, text_width, timeline, timeline_svg

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def graph(neighbours: list[tuple[Node, int]]) -> ET.Element:
    return parse(neighbourhood_svg(Node("李开复", "/people/kai-fu-lee/"), neighbours,
                                   title="与李开复一同出现", desc="OpenAI（2 篇）"))


def test_graph_is_named_and_described_by_its_title_and_desc_for_screen_readers() -> None:
    root = graph([(Node("OpenAI", "/companies/openai/"), 2)])
    assert root.get("role") is None  # not img: an image's links would be hidden
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title.text == "与李开复一同出现" and desc.text == "OpenAI（2 篇）"
    assert root.get("aria-labelledby") == title.get("id") and root.get("aria-describedby") == desc.get("id")
    assert next(root.iter(f"{{{NS['svg']}}}a")).find("svg:title", NS).text == "OpenAI (2)"


def test_graph_links_every_neighbour_to_its_page_and_names_the_centre() -> None:
    neighbours = [(Node("OpenAI", "/companies/openai/"), 3), (Node("零一万物", "/companies/01-ai/"), 1),
                  (Node("开源", "/topics/open-source/"), 2)]
    root = graph(neighbours)
    links = {a.get("href"): "".join(a.find("svg:text", NS).itertext()) for a in root.iter(f"{{{NS['svg']}}}a")}
    assert links == {"/companies/openai/": "OpenAI", "/companies/01-ai/": "零一万物", "/topics/open-source/": "开源"}
    texts = ["".join(t.itertext()) for t in root.iter(f"{{{NS['svg']}}}text")]
    assert "李开复" in texts


def test_graph_weights_edges_and_labels_by_count() -> None:
    root = graph([(Node("A", "/a/"), 4), (Node("B", "/b/"), 1)])
    widths = [float(line.get("stroke-width")) for line in root.iter(f"{{{NS['svg']}}}line")]
    sizes = [float(a.find("svg:text", NS).get("font-size")) for a in root.iter(f"{{{NS['svg']}}}a")]
    assert widths[0] > widths[1] and sizes[0] > sizes[1]


def test_graph_draws_at_most_eight_neighbours() -> None:
    root = graph([(Node(f"E{i}", f"/e{i}/"), 10 - i) for i in range(12)])
    assert len(list(root.iter(f"{{{NS['svg']}}}a"))) == 8


def test_untrusted_names_and_urls_are_escaped() -> None:
    evil = '<script>alert("x")</script> & "q"'
    svg = neighbourhood_svg(Node(evil, "/x/"), [(Node(evil, '/y/?a=1&b="2"'), 1)], title=evil, desc=evil)
    assert "<script>" not in svg
    root = parse(svg)
    assert root.find("svg:title", NS).text == evil
    assert next(root.iter(f"{{{NS['svg']}}}a")).get("href") == '/y/?a=1&b="2"'


def test_long_labels_are_cut_to_stay_inside_the_picture() -> None:
    long = "Capgemini Research Institute for the Very Long Names"
    root = graph([(Node(long, "/c/"), 1), (Node("B", "/b/"), 1), (Node("C", "/c2/"), 1)])
    label = "".join(next(root.iter(f"{{{NS['svg']}}}a")).find("svg:text", NS).itertext())
    assert label.endswith("…") and long.startswith(label[:-1])
    # the full name is still there, as the link's tooltip
    assert long in next(root.iter(f"{{{NS['svg']}}}a")).find("svg:title", NS).text


def test_text_width_counts_cjk_as_square() -> None:
    assert text_width("开源", 10) == 20
    assert text_width("ab", 10) < 20
    assert fit("人工智能产业", 10, 35) == "人工…"
    assert fit("AI", 10, 35) == "AI"


WORDS = TimelineWords(title="t", desc="d", x_axis="time", y_axis="documents", period=lambda p: p,
                      year_only=lambda y, n: f"{y}: {n} by year only")


def bars(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{{{NS['svg']}}}rect"))


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{{{NS['svg']}}}text")]


def test_a_span_of_up_to_three_years_is_drawn_by_month_with_its_empty_months() -> None:
    line = timeline({"2024-11": 2, "2025-02": 1, "2025-03": 4})
    assert line.granularity == "month"
    assert line.periods == [("2024-11", 2), ("2024-12", 0), ("2025-01", 0), ("2025-02", 1), ("2025-03", 4)]


def test_a_six_year_span_is_drawn_by_quarter_and_a_long_one_by_year() -> None:
    line = timeline({"2019-02": 1, "2019-03": 2, "2021-08": 1, "2025-12": 3})
    assert line.granularity == "quarter"
    assert len(line.periods) == 7 * 4 and line.periods[0] == ("2019-Q1", 3) and line.periods[-1] == ("2025-Q4", 3)
    assert dict(line.periods)["2021-Q3"] == 1 and sum(n == 0 for _, n in line.periods) == 25
    long = timeline({"2001-05": 1, "2020-01": 2})
    assert long.granularity == "year" and len(long.periods) == 20 and long.periods[1] == ("2002", 0)


def test_a_year_only_date_is_no_bar_beside_months_but_a_bracket_over_its_year() -> None:
    line = timeline({"2025-06": 1, "2025-07": 2, "2026": 13})
    assert line.granularity == "month" and line.year_only == [("2026", 13)]
    assert "2026" not in dict(line.periods) and line.periods[-1] == ("2026-12", 0)  # the axis reaches its year
    root = parse(timeline_svg(line, WORDS))
    assert len(bars(root)) == 2  # the two months; the 13 are no bar
    bracket = root.find("svg:g[@class='year-only']", NS)
    assert bracket.find("svg:title", NS).text == "2026: 13 by year only"
    xs = [float(v) for v in re.findall(r"[MH]([\d.]+)", bracket.find("svg:path", NS).get("d"))]
    first_bar = float(bars(root)[0].get("x"))
    assert min(xs) > first_bar  # under 2026, after 2025's bars
    # on a yearly axis the same count is its year's bar
    yearly = timeline({"2010-06": 1, "2026": 13})
    assert yearly.granularity == "year" and yearly.year_only == [] and dict(yearly.periods)["2026"] == 13


def test_bars_stand_on_a_true_time_axis_with_gaps_and_labelled_axes() -> None:
    line = timeline({"2019-02": 1, "2019-03": 2, "2021-08": 1, "2025-12": 3})
    root = parse(timeline_svg(line, WORDS))
    rects = bars(root)
    assert len(rects) == 3  # one per quarter with documents; the empty ones are gaps
    x = [float(r.get("x")) for r in rects]
    slot = (x[1] - x[0]) / (2021 * 4 + 2 - 2019 * 4)  # 2019-Q1 to 2021-Q3: 10 quarters
    assert abs((x[2] - x[1]) - slot * (2025 * 4 + 3 - 2021 * 4 - 2)) < 0.5  # to 2025-Q4: 17 more
    heights = [float(r.get("height")) for r in rects]
    assert heights[0] == heights[2] == 3 * heights[1]  # 3, 1 and 3 documents
    labels = texts(root)
    assert {"time", "documents", "0", "3"} <= set(labels)  # the axes' names and the count scale
    assert {"2019", "2025"} <= set(labels)  # years on the time axis
    assert root.get("role") == "img" and root.find("svg:desc", NS).text == "d"


def test_labels_on_a_long_axis_do_not_overlap() -> None:
    line = timeline({f"{2000 + i // 12}-{i % 12 + 1:02d}": i % 5 + 1 for i in range(0, 36, 2)})
    root = parse(timeline_svg(line, WORDS))
    labels = [t for t in root.iter(f"{{{NS['svg']}}}text") if t.get("class") == "label"]
    xs = [float(t.get("x")) for t in labels]
    assert len(labels) == 3 and all(b - a > text_width("2000", 11) for a, b in zip(xs, xs[1:], strict=False))


def test_entity_page_shows_both_charts_inline_with_a_table_and_keeps_the_lists(seed_site) -> None:
    page = seed_site.page("people/kai-fu-lee/")
    graph, chart = page.select("figure.chart-figure > svg")
    assert (graph.get("role"), chart["role"]) == (None, "img")
    assert graph.find("title").get_text() == "与李开复相关的人物、机构与主题"
    listed = {a["href"] for a in page.select("ul.co-mentions a, ul.relations a")}
    drawn = {a["href"] for a in graph.find_all("a")}
    assert drawn and drawn <= listed and "/companies/01-ai/" in drawn  # the lists stay as the text version
    # 李开复 is 零一万物's founder in the registry: a relation, drawn dashed
    relation = next(a for a in graph.find_all("a") if a["href"] == "/companies/01-ai/")
    assert "/companies/01-ai/" in {a["href"] for a in page.select("ul.relations a")}
    assert any(line.get("stroke-dasharray") for line in graph.select("line.relation")) and relation
    # named in one document, dated 2026 only: a yearly axis, one bar
    assert "2026年 1 篇" in chart.find("desc").get_text() and len(chart.find_all("rect")) == 1
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in page.select("details.timeline-table tbody tr")]
    assert rows == [["2026年", "1"]]
    assert not page.select("[style]")


def test_the_openai_page_lists_its_ceo_among_related_entities(seed_site) -> None:
    page = seed_site.page("companies/openai/")
    relations = {a["href"]: a.find_parent("li").select_one(".relation").get_text()
                 for a in page.select("ul.relations a")}
    assert relations["/people/sam-altman/"] == "联合创始人兼首席执行官"
    assert "/people/sam-altman/" in {a["href"] for a in page.select("figure.chart-figure svg a")}
    # with the number of documents that name both, as the two pages list them
    both = {a["href"] for a in page.select(".mention-list a.doc-title")} & \
        {a["href"] for a in seed_site.page("people/sam-altman/").select(".mention-list a.doc-title")}
    item = page.select_one('ul.relations a[href="/people/sam-altman/"]').find_parent("li")
    assert both and item.select_one(".count").get_text() == str(len(both))


def test_a_topic_from_main_topics_has_related_entities_tags_and_a_timeline(seed_site) -> None:
    page = seed_site.page("topics/data-and-open-source-ecosystem/")
    assert page.select("ul.co-mentions a") and page.select("section[aria-labelledby=etags] ul.taxa a")
    chart = page.select_one("section[aria-labelledby=time] svg")
    # its two documents: June 2025, and 2026 given as a year only (a bracket, not a bar)
    desc = chart.find("desc").get_text()
    assert "2025年6月 1 篇" in desc and "只注明年份" in desc and "2026年 1 篇" in desc
    assert len(chart.find_all("rect")) == 1 and chart.select_one("g.year-only") is not None
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in page.select("details.timeline-table tbody tr")]
    assert rows == [["2025年6月", "1"], ["2026年（只注明年份）", "1"]]


def test_a_span_of_millennia_stays_a_small_picture() -> None:
    """A stranger's dates may be year 1 and year 9999: a bar per year, a tick where there is room."""
    line = timeline({"0001-01": 1, "9999-12": 2})
    assert line.granularity == "year" and len(line.periods) == 9999
    svg = timeline_svg(line, WORDS)
    assert len(bars(parse(svg))) == 2 and len(svg) < 200_000
