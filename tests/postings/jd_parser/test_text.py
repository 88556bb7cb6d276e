"""Text preparation (`jd_parser.text`): whitespace, bullets and numbers."""

from __future__ import annotations

from recruiting.postings.jd_parser.text import clean_description, normalise_text, to_int


def test_it_unifies_line_endings_and_odd_spaces_and_drops_invisible_characters() -> None:
    text = "Senior\u00a0Engineer\r\nPython\u200b, Go\rLinux\u2028Done\x07"
    assert normalise_text(text) == "Senior Engineer\nPython, Go\nLinux\nDone"


def test_a_paragraph_separator_becomes_a_blank_line() -> None:
    assert normalise_text("One\u2029Two") == "One\n\nTwo"


def test_exotic_bullets_become_markdown_list_items_and_nesting_is_kept() -> None:
    text = "Skills\n• Python\n    ◦ Django\n➤ Go"
    assert clean_description(text) == "Skills\n- Python\n  - Django\n- Go"


def test_numbered_lists_stay_numbered() -> None:
    assert clean_description("1. Design\n2) Build") == "1. Design\n2) Build"


def test_runs_of_blank_lines_collapse_to_one_and_trailing_spaces_go() -> None:
    assert clean_description("\n\nAbout us   \n\n\n\nWe build.  \n\n") == "About us\n\nWe build."


def test_numbers_in_words_and_digits_are_whole_numbers() -> None:
    assert [to_int(token) for token in ("4", "4.5", "four", " Ten ", "an", "many", "")] == [4, 4, 4, 10, 1, None, None]
