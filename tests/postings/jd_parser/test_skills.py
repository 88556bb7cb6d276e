"""Skills with years and required/nice-to-have status (`jd_parser.skills`)."""

from __future__ import annotations

from recruiting.postings.jd_parser import DetectedSkill, parse_job_description
from recruiting.postings.jd_parser.sections import split_lines
from recruiting.postings.jd_parser.skills import SkillCollector
from tests.postings.jd_parser.helpers import _skills

# --- Through the entry point ----------------------------------------------------------


def test_it_reads_a_bullet_list_of_skills_under_must_and_nice_to_have() -> None:
    parsed = parse_job_description(
        "Must have:\n- Java\n- Spring Boot\n- MySQL\n\nGood to have:\n- Kafka\n- Redis\n- Kubernetes"
    )
    assert parsed.skills == [
        DetectedSkill("Java", None, True),
        DetectedSkill("Spring Boot", None, True),
        DetectedSkill("MySQL", None, True),
        DetectedSkill("Kafka", None, False),
        DetectedSkill("Redis", None, False),
        DetectedSkill("Kubernetes", None, False),
    ]


def test_it_reads_years_per_skill_in_job_board_format() -> None:
    parsed = parse_job_description("Experience:\n* Golang: 4 years (Required)\n* PostgreSQL: 2 years (Preferred)")
    assert parsed.skills == [DetectedSkill("Go", 4, True), DetectedSkill("PostgreSQL", 2, False)]


def test_it_reads_years_before_the_skill() -> None:
    parsed = parse_job_description(
        "Requirements\n- 4+ years of Go\n- 3+ years of hands-on experience with Python, Django and Redis"
    )
    assert _skills(parsed)["Go"].min_years == 4
    assert [_skills(parsed)[n].min_years for n in ("Python", "Django", "Redis")] == [3, 3, 3]


def test_it_does_not_give_general_experience_to_a_later_skill() -> None:
    parsed = parse_job_description("We need an engineer with 10+ years of experience who will own system design.")
    assert _skills(parsed)["System design"].min_years is None
    assert parsed.experience_min == 10


def test_it_marks_a_preferred_skill_in_prose_as_nice_to_have() -> None:
    parsed = parse_job_description("Strong Python skills are required. Experience with PostgreSQL (preferred).")
    assert _skills(parsed)["Python"].required is True
    assert _skills(parsed)["PostgreSQL"].required is False


def test_it_normalises_skill_spellings_to_one_name() -> None:
    parsed = parse_job_description(
        "Tech: golang, Go Lang, NodeJS, node.js, Postgres, k8s, RESTful APIs, Amazon Web Services"
    )
    assert [s.name for s in parsed.skills] == ["Go", "Node.js", "PostgreSQL", "Kubernetes", "REST", "AWS"]


def test_it_does_not_mistake_the_verb_go_for_the_language() -> None:
    parsed = parse_job_description("Let's go! We Go to market fast and Go-live is next month.")
    assert parsed.skills == []


def test_it_accepts_unknown_technologies_under_a_tech_stack_heading() -> None:
    parsed = parse_job_description("Tech Stack:\n- Elixir\n- Phoenix LiveView\n- PostgreSQL")
    assert [s.name for s in parsed.skills] == ["Elixir", "Phoenix LiveView", "PostgreSQL"]


# --- The module on its own ---------------------------------------------------------------


def _collect(text: str) -> SkillCollector:
    collector = SkillCollector()
    for line in split_lines(text):
        collector.scan_line(line)
    return collector


def test_a_requirement_anywhere_beats_a_nice_to_have_elsewhere() -> None:
    skills = _collect("Nice to have\n- Redis\nRequirements\n- Redis, Kafka").result()
    assert skills == [DetectedSkill("Redis", None, True), DetectedSkill("Kafka", None, True)]


def test_a_mention_in_prose_is_a_suggestion_but_a_cue_in_the_clause_makes_it_nice() -> None:
    skills = _collect("You will build services in Go. Kafka is a plus.").result()
    assert skills == [DetectedSkill("Kafka", None, False), DetectedSkill("Go", None, False, suggested=True)]


def test_a_skill_under_a_responsibilities_heading_is_only_a_suggestion() -> None:
    skills = _collect("Responsibilities\n- Build services in Go with Kafka\nRequirements\n- Go").result()
    assert skills == [DetectedSkill("Go", None, True), DetectedSkill("Kafka", None, False, suggested=True)]


def test_years_after_a_label_name_the_skill_even_outside_the_vocabulary() -> None:
    skills = _collect(
        "Required:\n● Golang: 4 years\n● Rust (programming language): 4 years\n● Back-end development: 4 years"
        "\n● Total experience: 8 years"
    ).result()
    assert [(s.name, s.min_years, s.required) for s in skills] == [
        ("Go", 4, True),
        ("Rust", 4, True),
        ("Back-end development", 4, True),
    ]


def test_the_highest_years_stated_for_a_skill_win() -> None:
    skills = _collect("- Python: 3 years\n- 5+ years of Python").result()
    assert skills == [DetectedSkill("Python", 5, True)]


def test_a_list_before_the_years_shares_them() -> None:
    skills = _collect("Python/Django/Flask: 4 years").result()
    assert [(s.name, s.min_years) for s in skills] == [("Python", 4), ("Django", 4), ("Flask", 4)]


def test_a_question_names_a_skill_but_sets_no_years() -> None:
    skills = _collect("How many years of experience do you have with 5 years of Rust?").result()
    assert skills == [DetectedSkill("Rust", None, False, suggested=True)]


def test_years_without_a_skill_are_general_experience() -> None:
    collector = _collect("Requirements\n- 7+ years of professional experience\n- Go")
    assert collector.experience_range() == (7, None)
    assert collector.result() == [DetectedSkill("Go", None, True)]


def test_long_or_lowercase_items_under_a_tech_stack_are_not_skills() -> None:
    skills = _collect("Tech stack: Phoenix LiveView, a very long description of a thing, lowercase thing").result()
    assert [s.name for s in skills] == ["Phoenix LiveView"]
