"""schema.org JobPosting for the public posting page and the job-board feeds (pure: a
posting in, a dict out), as Google's job search reads it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

EMPLOYMENT_TYPES = {
    "full_time": "FULL_TIME",
    "part_time": "PART_TIME",
    "contract": "CONTRACTOR",
    "internship": "INTERN",
}
PAY_UNITS = {"year": "YEAR", "month": "MONTH", "hour": "HOUR"}


def base_salary(posting) -> dict[str, Any] | None:
    """A MonetaryAmount: min and max, or the maximum only; nothing without a maximum."""
    if posting.pay_max is None:
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": PAY_UNITS.get(posting.pay_period, "YEAR")}
    if posting.pay_min is not None:
        value["minValue"] = float(posting.pay_min)
    value["maxValue"] = float(posting.pay_max)
    return {"@type": "MonetaryAmount", "currency": posting.pay_currency or "INR", "value": value}


def valid_through(posting) -> str | None:
    if posting.closes_on is None:
        return None
    end = dt.datetime.combine(posting.closes_on, dt.time(23, 59, 59), tzinfo=timezone.get_default_timezone())
    return end.isoformat()


def job_posting(posting, *, url: str, description_html: str) -> dict[str, Any]:
    """The JSON-LD of one open posting."""
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.title,
        "description": description_html or posting.title,
        "identifier": {"@type": "PropertyValue", "name": settings.ORGANISATION_NAME, "value": str(posting.public_id)},
        "datePosted": timezone.localtime(posting.opened_at or posting.created_at).date().isoformat(),
        "employmentType": EMPLOYMENT_TYPES.get(posting.employment_type, "OTHER"),
        "hiringOrganization": {
            "@type": "Organization",
            "name": settings.ORGANISATION_NAME,
            "sameAs": settings.SITE_URL,
        },
        "directApply": True,
        "url": url,
    }
    if posting.workplace_type == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": settings.ORGANISATION_COUNTRY}
    else:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": posting.location or settings.ORGANISATION_CITY,
                "addressCountry": settings.ORGANISATION_COUNTRY,
            },
        }
    salary = base_salary(posting)
    if salary:
        data["baseSalary"] = salary
    through = valid_through(posting)
    if through:
        data["validThrough"] = through
    if posting.experience_min:
        data["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": posting.experience_min * 12,
        }
    return data
