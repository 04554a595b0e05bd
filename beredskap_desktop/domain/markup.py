"""Plan text: a stated Markdown subset, parsed by one parser (markdown-it-py) for screen and print.

The subset: headings (#, ##, ###), paragraphs, **bold**, *italic*, bulleted and numbered
lists, and tables. Anything else (links, images, HTML, code, quotes) stays plain text, so
what the screen shows is what the printed plan says.
"""

from __future__ import annotations

from functools import cache
from html import escape

SUBSET_RULES = ("heading", "paragraph", "list", "table", "emphasis", "newline", "text", "escape", "entity")


@cache
def parser():
    """The one configured parser (markdown-it-py, CommonMark with tables, nothing outside the subset)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero", {"html": False, "typographer": False})
    md.enable(list(SUBSET_RULES))
    md.add_render_rule("table_open", lambda *args: '<table border="1" cellspacing="0" cellpadding="4">\n')
    return md


def tokens(text: str) -> list:
    """The parsed block tokens of ``text`` (what print lays out)."""
    return parser().parse(text)


def to_html(text: str, title: str = "") -> str:
    """``text`` as HTML for the screen (Qt rich text), with ``title`` as a heading when given."""
    heading = f"<h2>{escape(title)}</h2>\n" if title else ""
    return heading + parser().render(text)
