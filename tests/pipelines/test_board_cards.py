"""Board cards are built in Python for speed (pipelines/board.py, not a template), so
nothing escapes them for free: every value that comes from data must arrive escaped."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from recruiting.pipelines.board import BoardFilters, build_board, card_markup
from recruiting.pipelines.models import Application, Tag
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory

pytestmark = pytest.mark.django_db

NAME = """<script>alert("name")</script> & 'Ann'"""
ROLE = """"Lead" <img src=x onerror=alert(1)> & co"""
TAG = "<script>tag</script>&'x'"
FLAG = """notice 60 > 15 & "soon" <b>"""
STAGE = """<script>stage</script> "Tech" & 'Co'"""


@pytest.fixture
def hostile_card(hiring_manager):
    posting = PostingFactory(hiring_manager=hiring_manager)
    stage = posting.stages.order_by("order").first()
    stage.name = STAGE
    stage.save(update_fields=["name"])
    candidate = CandidateFactory(full_name=NAME, current_role=ROLE)
    candidate.tags.add(Tag.objects.create(name=TAG))
    application = ApplicationFactory(posting=posting, candidate=candidate)
    Application.objects.filter(pk=application.pk).update(stage=stage, is_flagged=True, knockout_flags=[FLAG])
    return posting


def _text_nodes_and_attributes(markup: str) -> list[str]:
    """What a browser would read as text or attribute values, still HTML-encoded."""
    attributes = re.findall(r'="([^"]*)"', markup)
    text = re.findall(r">([^<]*)<", markup)
    return attributes + text


def test_every_data_value_on_a_card_is_escaped(hostile_card):
    (card,) = [card for column in build_board(hostile_card, BoardFilters()).columns for card in column.cards]
    markup = str(card_markup(card))

    # No tag from data survives: the only elements are the card's own.
    elements = set(re.findall(r"<([a-z]+)", markup))
    assert elements <= {
        "article",
        "div",
        "span",
        "a",
        "b",
        "p",
        "button",
    }
    # Quotes cannot close an attribute early; ampersands are entities.
    for value in _text_nodes_and_attributes(markup):
        assert '"' not in value and "<" not in value and ">" not in value
        assert not re.search(r"&(?!(?:amp|lt|gt|quot|#x27|#39);)", value), value
    for escaped in (
        "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; &amp; &#x27;Ann&#x27;",  # name
        "&quot;Lead&quot; &lt;img src=x onerror=alert(1)&gt; &amp; co",  # current role
        "&lt;script&gt;tag&lt;/script&gt;&amp;&#x27;x&#x27;",  # tag
        "notice 60 &gt; 15 &amp; &quot;soon&quot; &lt;b&gt;",  # knock-out reason
    ):
        assert escaped in markup, escaped


def test_the_card_menu_escapes_names_and_stages(client_for, hiring_manager, hostile_card):
    application = Application.objects.get(posting=hostile_card)
    url = reverse("pipelines:board_reject", args=[hostile_card.public_id])
    response = client_for(hiring_manager).get(
        url, {"application": str(application.public_id), "part": "menu"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="move-select"' in body and "<script>" not in body
    assert "&lt;script&gt;stage&lt;/script&gt; &quot;Tech&quot; &amp; &#x27;Co&#x27;" in body
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; &amp; &#x27;Ann&#x27;" in body


def test_the_board_page_shows_hostile_data_as_text(client_for, hiring_manager, hostile_card):
    response = client_for(hiring_manager).get(reverse("pipelines:board", args=[hostile_card.public_id]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in body and "<script>tag" not in body and "<script>stage" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in body
