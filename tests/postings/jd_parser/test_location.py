"""Location and workplace type (`jd_parser.location`)."""

from __future__ import annotations

from recruiting.postings.jd_parser import parse_job_description
from recruiting.postings.jd_parser.location import detect_location
from recruiting.postings.jd_parser.sections import split_lines

# --- Through the entry point ----------------------------------------------------------


def test_it_reads_remote_india() -> None:
    parsed = parse_job_description("Backend Developer\nRemote (India)")
    assert (parsed.location, parsed.workplace_type) == ("India", "remote")


def test_it_reads_hybrid_bengaluru() -> None:
    parsed = parse_job_description("Data Engineer\nHybrid – Bengaluru")
    assert (parsed.location, parsed.workplace_type) == ("Bengaluru", "hybrid")


def test_it_reads_a_location_label_with_work_from_office() -> None:
    parsed = parse_job_description("Job Location: Chennai (work from office only)")
    assert (parsed.location, parsed.workplace_type) == ("Chennai", "onsite")


def test_it_reads_a_location_on_the_line_after_its_label() -> None:
    parsed = parse_job_description("Location:\n* Chennai, Tamil Nadu (Required)\nWork Location: In person")
    assert (parsed.location, parsed.workplace_type) == ("Chennai, Tamil Nadu", "onsite")


def test_it_reads_several_cities_and_drops_a_locality_in_brackets() -> None:
    parsed = parse_job_description("Location: Hyderabad( Madhapur ), Bengaluru")
    assert parsed.location == "Hyderabad, Bengaluru"


def test_it_does_not_read_prose_about_location_as_a_place() -> None:
    parsed = parse_job_description("Location flexibility is offered to everyone.\nMode: Full-time")
    assert (parsed.location, parsed.workplace_type) == (None, None)


def test_it_ignores_a_negated_remote() -> None:
    parsed = parse_job_description("This is not a remote role. Work from office in Hyderabad, 5 days a week.")
    assert (parsed.location, parsed.workplace_type) == ("Hyderabad", "onsite")


# --- The module on its own ---------------------------------------------------------------


def _location(text: str) -> tuple[str | None, str | None]:
    return detect_location(split_lines(text))


def test_a_work_mode_label_gives_the_workplace_and_a_known_city() -> None:
    assert _location("Work mode: Hybrid – Bengaluru") == ("Bengaluru", "hybrid")
    assert _location("Work mode: WFO") == (None, "onsite")


def test_based_in_needs_no_separator() -> None:
    assert _location("Based in Pune") == ("Pune", None)


def test_required_in_brackets_is_not_part_of_the_place() -> None:
    assert _location("Location: Coimbatore (required)") == ("Coimbatore", None)


def test_a_known_city_in_prose_is_the_fallback() -> None:
    assert _location("Our team sits in Hyderabad and ships daily.") == ("Hyderabad", None)


def test_hybrid_wins_when_prose_mentions_both_office_and_remote_days() -> None:
    assert _location("Work from office three days and work from home two days. A hybrid setup.") == (None, "hybrid")


def test_a_workplace_cue_about_interviews_is_not_the_workplace() -> None:
    assert _location("Interviews are held in person at our office.") == (None, None)


def test_vague_places_are_not_locations() -> None:
    assert _location("Location: Multiple") == (None, None)
    assert _location("Location: Remote") == (None, "remote")
