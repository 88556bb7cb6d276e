"""Pay bands (`jd_parser.pay`): amounts, units, currencies and periods."""

from __future__ import annotations

from decimal import Decimal

from recruiting.postings.jd_parser import parse_job_description
from recruiting.postings.jd_parser.pay import detect_pay, pay_from_line, to_amount
from recruiting.postings.jd_parser.sections import split_lines

# --- Through the entry point ----------------------------------------------------------


def test_it_reads_an_lpa_range() -> None:
    parsed = parse_job_description("CTC: 18-25 LPA")
    assert (parsed.pay_min, parsed.pay_max) == (Decimal("1800000"), Decimal("2500000"))
    assert (parsed.pay_currency, parsed.pay_period) == ("INR", "year")


def test_it_reads_rupees_with_indian_digit_grouping_per_annum() -> None:
    parsed = parse_job_description("Salary: Rs. 12,00,000 - 18,00,000 per annum")
    assert (parsed.pay_min, parsed.pay_max) == (Decimal("1200000"), Decimal("1800000"))
    assert (parsed.pay_currency, parsed.pay_period) == ("INR", "year")


def test_it_keeps_paise_exact_in_an_en_dash_range() -> None:
    parsed = parse_job_description("Pay: ₹18,51,368.30 – ₹35,50,754.94 per year")
    assert str(parsed.pay_min) == "1851368.30"
    assert str(parsed.pay_max) == "3550754.94"


def test_it_reads_an_up_to_pay_band() -> None:
    parsed = parse_job_description("Budget: up to 30 LPA")
    assert (parsed.pay_min, parsed.pay_max) == (None, Decimal("3000000"))
    assert parsed.pay_currency == "INR"
    assert "pay_min" not in parsed.detected
    assert "pay_max" in parsed.detected


def test_it_reads_an_up_to_band_in_full_rupees() -> None:
    parsed = parse_job_description("Salary up to ₹14,00,000 per year")
    assert (parsed.pay_min, parsed.pay_max) == (None, Decimal("1400000"))
    assert parsed.pay_period == "year"


def test_it_reads_lakhs_and_crores() -> None:
    parsed = parse_job_description("Package: 18.5 L – 1.2 Cr")
    assert (parsed.pay_min, parsed.pay_max) == (Decimal("1850000"), Decimal("12000000"))
    assert parsed.pay_currency == "INR"


def test_it_reads_lakhs_written_out_with_a_to_range() -> None:
    parsed = parse_job_description("Compensation: INR 15 lakhs to 20 lakhs p.a.")
    assert (parsed.pay_min, parsed.pay_max) == (Decimal("1500000"), Decimal("2000000"))
    assert parsed.pay_period == "year"


def test_it_reads_a_monthly_stipend_in_thousands() -> None:
    parsed = parse_job_description("Stipend: ₹25k-30k per month")
    assert (parsed.pay_min, parsed.pay_max) == (Decimal("25000"), Decimal("30000"))
    assert (parsed.pay_currency, parsed.pay_period) == ("INR", "month")


def test_it_reads_a_dollar_range_per_year_and_an_hourly_rate() -> None:
    yearly = parse_job_description("Compensation: $120,000 - $150,000 /yr")
    assert (yearly.pay_min, yearly.pay_max, yearly.pay_currency, yearly.pay_period) == (
        Decimal("120000"),
        Decimal("150000"),
        "USD",
        "year",
    )
    hourly = parse_job_description("Rate: $60 per hour")
    assert (hourly.pay_min, hourly.pay_max, hourly.pay_period) == (Decimal("60"), Decimal("60"), "hour")


def test_it_does_not_take_a_benefit_amount_for_pay() -> None:
    parsed = parse_job_description("Benefits: health insurance cover up to ₹5,00,000")
    assert (parsed.pay_min, parsed.pay_max) == (None, None)


def test_it_prefers_the_salary_line_over_other_amounts() -> None:
    parsed = parse_job_description("Pay: ₹40,000 - ₹60,000 per month\nBenefits: health insurance up to ₹5,00,000")
    assert (parsed.pay_min, parsed.pay_max) == (Decimal("40000"), Decimal("60000"))


def test_it_does_not_take_years_or_notice_days_for_pay() -> None:
    parsed = parse_job_description("Salary: not disclosed\nExperience: 3-6 years\nNotice period up to 30 days")
    assert (parsed.pay_min, parsed.pay_max, parsed.pay_currency) == (None, None, None)


def test_a_jd_without_pay_leaves_the_pay_fields_empty() -> None:
    parsed = parse_job_description(
        "Senior Python Developer\n\nRequirements:\n- 5+ years of Python\n- Django, PostgreSQL\nLocation: Pune"
    )
    assert (parsed.pay_min, parsed.pay_max, parsed.pay_currency, parsed.pay_period) == (None, None, None, None)
    assert not {"pay_min", "pay_max", "pay_currency", "pay_period"} & parsed.detected
    assert parsed.title == "Senior Python Developer"
    assert parsed.location == "Pune"


# --- The module on its own ---------------------------------------------------------------


def test_to_amount_keeps_paise_and_multiplies_units_exactly() -> None:
    assert str(to_amount("18,51,368.30", None)) == "1851368.30"
    assert to_amount("18.5", "L") == Decimal("1850000")
    assert to_amount("1.2", "Cr") == Decimal("12000000")
    assert to_amount("25", "k") == Decimal("25000")
    assert to_amount("2", "million") == Decimal("2000000")
    # Whole amounts come out without an exponent or a trailing ".0".
    assert str(to_amount("18.0", "lakhs")) == "1800000"


def test_a_bare_number_needs_a_pay_label_and_a_salary_sized_value() -> None:
    assert pay_from_line("Openings: 2024-2025", 0) is None
    assert pay_from_line("Salary: 2024 - 2025", 0) is None  # years, not rupees
    band = pay_from_line("Salary: 900000 - 1200000", 0)
    assert band is not None
    assert (band.low, band.high, band.currency) == (Decimal("900000"), Decimal("1200000"), None)


def test_a_unit_written_once_applies_to_both_ends_and_implies_rupees_per_year() -> None:
    band = pay_from_line("Budget 18 - 25 lakhs", 3)
    assert band is not None
    assert (band.low, band.high, band.currency, band.period, band.position) == (
        Decimal("1800000"),
        Decimal("2500000"),
        "INR",
        "year",
        3,
    )


def test_a_reversed_range_is_put_in_order() -> None:
    band = pay_from_line("CTC: 30 - 20 LPA", 0)
    assert band is not None
    assert (band.low, band.high) == (Decimal("2000000"), Decimal("3000000"))


def test_years_and_percentages_next_to_a_number_are_not_money() -> None:
    assert pay_from_line("Pay: 5 years", 0) is None
    assert pay_from_line("Bonus: 15%", 0) is None


def test_a_labelled_line_beats_an_earlier_unlabelled_amount() -> None:
    band = detect_pay(split_lines("Revenue of $5M last year\nSalary: $90,000 - $110,000 per year"))
    assert band is not None
    assert (band.low, band.high, band.currency, band.period) == (Decimal("90000"), Decimal("110000"), "USD", "year")


def test_questions_about_the_candidates_pay_are_not_the_band() -> None:
    lines = split_lines("What is your expected CTC?\nCurrent CTC: 12 LPA\nApplication questions\n- 15 LPA ok")
    assert detect_pay(lines) is None


def test_euros_and_pounds_are_recognised() -> None:
    euros = pay_from_line("Salary: €60,000 - €70,000 per year", 0)
    pounds = pay_from_line("Salary: £45,000 per annum", 0)
    assert euros is not None and euros.currency == "EUR"
    assert pounds is not None and (pounds.low, pounds.currency, pounds.period) == (Decimal("45000"), "GBP", "year")
