"""The skills vocabulary (`jd_parser.vocabulary`): spellings to canonical names."""

from __future__ import annotations

import pytest

from recruiting.postings.jd_parser.vocabulary import SKILL_VOCAB, _first_char, find_skills


def _names(text: str) -> list[str]:
    return [hit.name for hit in find_skills(text)]


def test_the_longest_spelling_wins() -> None:
    assert _names("AWS SQS, React Native and Spring Boot") == ["AWS SQS", "React Native", "Spring Boot"]


def test_hits_carry_their_position() -> None:
    hit = find_skills("We use Kafka.")[0]
    assert (hit.name, hit.start, hit.end) == ("Kafka", 7, 12)


def test_a_suffix_inside_a_word_is_not_a_skill() -> None:
    # "js" in "Node.js" and "sql" in "PostgreSQL" start no skill of their own.
    assert _names("Node.js with PostgreSQL") == ["Node.js", "PostgreSQL"]
    assert _names("javascripting") == []


def test_names_that_are_also_words_need_their_capitals() -> None:
    assert _names("we rest on a swift spring") == []
    assert _names("REST APIs in Swift with Spring") == ["REST", "Swift", "Spring"]


def test_go_is_the_language_only_in_a_technical_context() -> None:
    assert _names("Experience in Go and Python") == ["Go", "Python"]
    assert _names("Go developers wanted") == ["Go"]
    assert _names("Go-live next week; we go to market") == []


def test_every_canonical_name_is_found_by_its_own_spelling() -> None:
    # "with ... ." gives a bare "Go" the technical context it needs.
    missing = [name for name, _, _ in SKILL_VOCAB if name not in _names(f"Work with {name}.")]
    assert missing == []


def test_a_spelling_must_start_with_a_literal_character() -> None:
    assert _first_char(r"\.net") == "."
    with pytest.raises(ValueError, match="literal"):
        _first_char(r"(?:x)")
