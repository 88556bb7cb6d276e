"""What interviewers evaluate (`jd_parser.evaluation`)."""

from __future__ import annotations

from recruiting.postings.jd_parser import parse_job_description
from recruiting.postings.jd_parser.evaluation import detect_evaluation_focus
from recruiting.postings.jd_parser.sections import split_lines

# --- Through the entry point ----------------------------------------------------------


def test_it_reads_an_evaluation_focus_label_and_sentence() -> None:
    labelled = parse_job_description("Evaluation focus: system design, Go concurrency and code quality")
    assert labelled.evaluation_focus == ["System design", "Go concurrency", "Code quality"]
    sentence = parse_job_description("Candidates will be evaluated on problem solving, architecture and communication.")
    assert sentence.evaluation_focus == ["Problem solving", "Architecture", "Communication"]
    we_will = parse_job_description("We will evaluate infrastructure design, incident response and collaboration.")
    assert we_will.evaluation_focus == ["Infrastructure design", "Incident response", "Collaboration"]


def test_it_reads_an_evaluation_focus_section() -> None:
    parsed = parse_job_description("Evaluation Focus\n- Architecture depth\n- Hands-on coding\n\nBenefits\n- Insurance")
    assert parsed.evaluation_focus == ["Architecture depth", "Hands-on coding"]


# --- The module on its own ---------------------------------------------------------------


def test_repeated_items_appear_once_and_at_most_twelve_are_kept() -> None:
    items = ", ".join(f"Area {n}" for n in range(20))
    focus = detect_evaluation_focus(split_lines(f"Evaluation focus: {items}\nAssessment: area 0, Area 1"))
    assert focus == [f"Area {n}" for n in range(12)]


def test_interviews_on_weekdays_are_scheduling_not_focus() -> None:
    assert detect_evaluation_focus(split_lines("Interviews on weekdays only.")) == []
    assert detect_evaluation_focus(split_lines("Interviews will be held on Monday.")) == []


def test_interviews_focused_on_something_are_focus() -> None:
    assert detect_evaluation_focus(split_lines("Interviews focus on debugging and trade-offs.")) == [
        "Debugging",
        "Trade-offs",
    ]
