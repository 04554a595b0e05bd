"""Plan text: the Markdown subset renders, everything else stays literal text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beredskap_desktop.domain.markup import to_html, tokens

TABLE = "| Rolle | Telefon |\n|---|---|\n| Kriseleder | 412 34 567 |\n| Stabssjef | 987 65 432 |\n"
ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "strong", "em", "ul", "ol", "li", "br",
                "table", "thead", "tbody", "tr", "th", "td"}
TAG = re.compile(r"<\s*/?\s*([a-zA-Z][\w-]*)([^>]*)>")


def tags(html: str) -> list[tuple[str, str]]:
    return [(name.lower(), attributes.strip()) for name, attributes in TAG.findall(html)]


@pytest.mark.parametrize(("text", "html"), [
    ("# Kriseledelse", "<h1>Kriseledelse</h1>"),
    ("## Varsling", "<h2>Varsling</h2>"),
    ("### Ansvar", "<h3>Ansvar</h3>"),
    ("Ring **110** straks", "<p>Ring <strong>110</strong> straks</p>"),
    ("Ring *ikke* pressen", "<p>Ring <em>ikke</em> pressen</p>"),
    ("Ring __110__ og _vent_", "<p>Ring <strong>110</strong> og <em>vent</em></p>"),
])
def test_headings_bold_and_italic_render(text, html):
    assert to_html(text).strip() == html


def test_lists_render():
    assert to_html("- Strøm\n- Vann\n").strip() == "<ul>\n<li>Strøm</li>\n<li>Vann</li>\n</ul>"
    assert to_html("1. Varsle\n2. Møt opp\n").strip() == "<ol>\n<li>Varsle</li>\n<li>Møt opp</li>\n</ol>"


def test_a_table_renders_with_a_border():
    html = to_html(TABLE)
    assert '<table border="1"' in html
    assert "<th>Rolle</th>" in html and "<td>412 34 567</td>" in html
    assert html.count("<tr>") == 3


@pytest.mark.parametrize("text", [
    "[NVE](https://www.nve.no)",
    "![kart](kart.png)",
    "`kode`",
    "<https://www.nve.no>",
    "https://www.nve.no",
    "> sitat",
    "```\nkode\n```",
    "---",
])
def test_links_images_code_and_quotes_stay_literal_text(text):
    html = to_html(text)
    assert {name for name, _attributes in tags(html)} <= {"p", "br"}
    assert not re.search(r"<(a|img|code|pre|blockquote|hr)\b", html)


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "Før <script>alert(1)</script> etter",
    "<b>fet</b> <img src=x onerror=alert(1)>",
    "<div>\n<script>alert(1)</script>\n</div>",
    "# <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <script>x</script> | <iframe src=x> |",
    "- <script>x</script>",
])
def test_html_is_escaped_never_a_tag(text):
    html = to_html(text)
    assert "<script" not in html.lower() and "<img" not in html and "<iframe" not in html and "<div" not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html or "&lt;iframe" in html


def test_the_title_is_an_escaped_heading():
    assert to_html("Tekst", title="Plan <b>A</b> & B").startswith("<h2>Plan &lt;b&gt;A&lt;/b&gt; &amp; B</h2>\n")
    assert to_html("Tekst").startswith("<p>")


@given(st.text(alphabet="<>/&\"'=*_#|-!()[]`\n :.1ab", max_size=80))
def test_only_subset_tags_ever_come_out(text):
    for name, attributes in tags(to_html(text)):
        assert name in ALLOWED_TAGS, (name, text)
        if name == "table":
            assert attributes == 'border="1" cellspacing="0" cellpadding="4"'
        elif name in ("th", "td"):
            assert attributes in ("", 'style="text-align:left"', 'style="text-align:right"', 'style="text-align:center"')
        elif name == "ol":
            assert re.fullmatch(r'(start="\d+")?', attributes)
        else:
            assert attributes == "", (name, attributes)


def test_tokens_are_the_block_structure_print_lays_out():
    types = [token.type for token in tokens("# Plan\n\nTekst med **fet**\n\n- en\n- to\n\n" + TABLE)]
    assert types[:3] == ["heading_open", "inline", "heading_close"]
    assert types[3:6] == ["paragraph_open", "inline", "paragraph_close"]
    assert "bullet_list_open" in types and types.count("list_item_open") == 2
    assert "table_open" in types and types[-1] == "table_close"
    assert types.count("tr_open") == 3


def test_tokens_keep_inline_emphasis_as_children():
    [_open, inline, _close] = tokens("Ring **110** og *vent*")
    children = [(child.type, child.content) for child in inline.children if child.type != "text" or child.content]
    assert children == [("text", "Ring "), ("strong_open", ""), ("text", "110"), ("strong_close", ""), ("text", " og "),
                        ("em_open", ""), ("text", "vent"), ("em_close", "")]


def test_tokens_of_a_link_are_plain_text():
    [_open, inline, _close] = tokens("[NVE](https://www.nve.no)")
    assert [child.type for child in inline.children] == ["text"]
    assert inline.children[0].content == "[NVE](https://www.nve.no)"
