"""The entity-page charts: static SVG, read the way a browser and a screen reader get it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from site_builder.charts import Node, fit, neighbourhood_svg, text_width, timeline_svg

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


def test_timeline_has_a_bar_per_period_taller_for_more_mentions() -> None:
    root = parse(timeline_svg([("2025-06", 3), ("2026", 6)], title="提及次数", desc="2025年6月 3 次；2026年 6 次"))
    assert root.get("role") == "img" and root.find("svg:desc", NS).text == "2025年6月 3 次；2026年 6 次"
    bars = list(root.iter(f"{{{NS['svg']}}}rect"))
    assert len(bars) == 2
    assert float(bars[1].get("height")) == 2 * float(bars[0].get("height"))
    texts = ["".join(t.itertext()) for t in root.iter(f"{{{NS['svg']}}}text")]
    assert {"2025-06", "2026", "3", "6"} <= set(texts)


def test_timeline_labels_thin_out_when_periods_are_many() -> None:
    periods = [(f"{2000 + i // 12}-{i % 12 + 1:02d}", i % 5 + 1) for i in range(120)]
    root = parse(timeline_svg(periods, title="t", desc="d"))
    assert len(list(root.iter(f"{{{NS['svg']}}}rect"))) == 120
    labels = [t for t in root.iter(f"{{{NS['svg']}}}text") if t.get("class") == "label"]
    assert 1 < len(labels) < 20
    xs = [float(t.get("x")) for t in labels]
    assert all(b - a > text_width("2000-01", 11) for a, b in zip(xs, xs[1:], strict=False))


def test_entity_page_shows_both_charts_inline_and_keeps_the_list(seed_site) -> None:
    page = seed_site.page("people/kai-fu-lee/")
    graph, timeline = page.select("figure.chart-figure > svg")
    assert (graph.get("role"), timeline["role"]) == (None, "img")
    assert graph.find("title").get_text() == "与李开复一同出现的人物、机构与主题"
    co_list = {a["href"] for a in page.select("ul.co-mentions a")}
    drawn = {a["href"] for a in graph.find_all("a")}
    assert drawn and drawn <= co_list and "/companies/01-ai/" in drawn  # the list stays as the text version
    assert "零一万物（1 篇）" in graph.find("desc").get_text()
    assert "2026年 13 次" in timeline.find("desc").get_text()
    assert page.find("table", class_="timeline") is None and not page.select("[style]")
