"""A posting's description as HTML: the text keeps its paragraphs, line breaks, lists
and pasted tables, and only harmless tags survive (nh3).

Descriptions are stored as plain text with Markdown-style lists (what the paste parser
writes and what people type). Python-Markdown joins the lines of a paragraph and needs a
blank line before a list; pasted job descriptions have neither, so ``nl2br`` keeps every
line break and a list that follows a line of text directly still becomes a list.
"""

from __future__ import annotations

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_LIST_ITEM_RE = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+\S")
# Bullets typed or pasted as characters ("● Go", "• Rust") are list items too.
_BULLET_CHAR_RE = re.compile(r"^(\s{0,8})(?:[•●◦▪■‣⁃∙○◆►▶➢➤✓✔☑]\ufe0f?\s*|[👉✅➕⭐🔹🔸🔷🔶➡→⇒✦✧◾◽💠🔘]\ufe0f?\s+)")


def _blank_line_before_lists(text: str) -> str:
    """A list right after a line of text ("Requirements:\\n- Go") starts its own block."""
    out: list[str] = []
    previous = ""
    for line in text.replace("\r\n", "\n").split("\n"):
        line = _BULLET_CHAR_RE.sub(r"\1- ", line)
        item = _LIST_ITEM_RE.match(line)
        if item and previous.strip() and not _LIST_ITEM_RE.match(previous):
            out.append("")
        elif not item and line.strip() and _LIST_ITEM_RE.match(previous) and not line.startswith(" "):
            out.append("")  # text after a list is a new paragraph, not the last item's tail
        if item and line.startswith(" ") and not line.startswith("    "):
            line = "    " + line.lstrip(" ")  # a nested item: Markdown wants four spaces
        out.append(line)
        previous = line
    return "\n".join(out)


def description_html(text: str | None) -> SafeString:
    """Render a description; headings start at h2 (the page's h1 is the title)."""
    if not text:
        return mark_safe("")
    html = markdown.markdown(
        _blank_line_before_lists(str(text)), extensions=["sane_lists", "tables", "nl2br"], output_format="html"
    )
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
