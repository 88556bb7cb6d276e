"""What job boards read: JobPosting JSON-LD on the public posting page, and the JSON and
RSS feeds of open postings."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from tests.factories import PostingFactory

pytestmark = pytest.mark.django_db


def _ld(html: str) -> dict:
    match = re.search(
        r'<script type="application/ld\+json" nonce="[^"]+" data-testid="jobposting-ld">(.*?)</script>', html, re.S
    )
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_the_posting_page_carries_a_job_posting(client):
    posting = PostingFactory(
        title="Backend Engineer",
        description="We build **payments**.",
        employment_type="full_time",
        closes_on=dt.date(2027, 1, 31),
    )
    data = _ld(client.get(reverse("careers:posting", args=[posting.public_id])).content.decode())
    assert data["@type"] == "JobPosting" and data["title"] == "Backend Engineer"
    assert "<strong>payments</strong>" in data["description"]
    assert data["employmentType"] == "FULL_TIME"
    assert data["jobLocation"]["address"]["addressLocality"] == "Chennai"
    assert data["jobLocation"]["address"]["addressCountry"] == "IN"
    assert data["baseSalary"]["currency"] == "INR"
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "YEAR",
        "minValue": 1851368.3,
        "maxValue": 3550754.94,
    }
    assert data["validThrough"].startswith("2027-01-31T23:59:59")
    assert data["datePosted"] and data["hiringOrganization"]["name"]


def test_a_remote_posting_with_a_maximum_only(client):
    posting = PostingFactory(workplace_type="remote", pay_min=None, pay_max=Decimal("90000"), pay_period="month")
    data = _ld(client.get(reverse("careers:posting", args=[posting.public_id])).content.decode())
    assert data["jobLocationType"] == "TELECOMMUTE" and "jobLocation" not in data
    assert data["applicantLocationRequirements"]["name"] == "IN"
    assert data["baseSalary"]["value"] == {"@type": "QuantitativeValue", "unitText": "MONTH", "maxValue": 90000.0}


def test_no_pay_no_salary_and_script_breaking_text_stays_data(client):
    posting = PostingFactory(title="</script><script>alert(1)</script>", pay_min=None, pay_max=None)
    html = client.get(reverse("careers:posting", args=[posting.public_id])).content.decode()
    data = _ld(html)
    assert "baseSalary" not in data and data["title"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_the_json_feed_lists_open_postings_only(client):
    open_one = PostingFactory(title="Open Role")
    PostingFactory(title="Draft Role", status="draft")
    response = client.get(reverse("api:feed_json"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    items = response.json()["postings"]
    assert [item["title"] for item in items] == ["Open Role"]
    assert items[0]["url"].endswith(reverse("careers:posting", args=[open_one.public_id]))


def test_the_rss_feed_lists_open_postings_only(client):
    PostingFactory(title="Open Role", team="Platform")
    PostingFactory(title="Closed Role", status="closed")
    response = client.get(reverse("api:feed_rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Open Role"]
    assert channel.find("item").findtext("category") == "Platform"


def test_the_reference_page_uses_only_our_own_scripts(client, db):
    response = client.get(reverse("api:reference"))
    html = response.content.decode()
    assert response.status_code == 200
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all('src="/static/' in tag for tag in scripts)
    assert "http" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', html))
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    schema = client.get(reverse("api:schema")).json()
    assert schema["openapi"].startswith("3.") and "/api/v1/applications/" in schema["paths"]
