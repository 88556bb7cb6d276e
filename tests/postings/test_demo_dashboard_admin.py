"""Demo postings, dashboard panels, the admin pages and the template filters."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from recruiting.postings import demo
from recruiting.postings.models import ConsentText, Posting
from tests.factories import ApplicationFactory, PostingFactory, UserFactory
from tests.postings.factories import ScreeningQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(db):
    roles = {
        "admin": "admin",
        "recruiter": "recruiter",
        "hiring_manager": "hiring_manager",
        "hiring_manager_2": "hiring_manager",
        "interviewer": "interviewer",
    }
    return {key: UserFactory(email=f"{key}@demo.test", role=role) for key, role in roles.items()}


def test_the_demo_seeds_postings_like_the_sample_descriptions(demo_users, library):
    demo.seed(users=demo_users, stdout=io.StringIO())
    lead = Posting.objects.get(title="Lead Backend Engineer")
    assert (lead.experience_min, lead.experience_max, lead.location, lead.workplace_type) == (
        10,
        None,
        "Chennai",
        "onsite",
    )
    assert (lead.pay_min, lead.pay_max) == (Decimal("1851368.30"), Decimal("3550754.94"))
    assert lead.status == "open" and lead.opened_at is not None
    assert lead.hiring_manager == demo_users["hiring_manager"]
    assert list(lead.recruiters.all()) == [demo_users["recruiter"]]
    golang = lead.skills.get(name="Golang")
    assert (golang.required, golang.min_years) == (True, 4)
    rules = {q.library_question.key: q.rule_label for q in lead.questions.select_related("library_question")}
    assert rules["notice_period"] == "at most 15"
    assert rules["expected_ctc"] == "at most the pay band maximum"
    assert rules["years_golang"] == "at least 4"
    assert rules["weekday_in_person_chennai"] == "equal to yes"
    tech_lead = Posting.objects.get(title="Technical Lead – Backend")
    assert (tech_lead.pay_min, tech_lead.pay_max) == (None, Decimal("1400000.00"))
    assert tech_lead.hiring_manager == demo_users["hiring_manager_2"]
    statuses = sorted(Posting.objects.values_list("status", flat=True))
    assert statuses.count("open") == 3 and "draft" in statuses and "paused" in statuses
    assert all(p.stages.exists() for p in Posting.objects.all())
    assert ConsentText.objects.filter(version=1).exists()


def test_seeding_twice_creates_nothing_new(demo_users, library):
    demo.seed(users=demo_users, stdout=io.StringIO())
    demo.seed(users=demo_users, stdout=io.StringIO())
    assert Posting.objects.count() == 5


def test_a_hiring_manager_sees_my_postings_with_counts(client_for, hiring_manager, posting, outsider_manager):
    ApplicationFactory(posting=posting)
    PostingFactory(hiring_manager=outsider_manager, title="Not mine")
    response = client_for(hiring_manager).get(reverse("dashboard"))
    panels = {panel["title"]: panel for panel in response.context["panels"]}
    assert [(p.title, p.active_count) for p in panels["My postings"]["postings"]] == [(posting.title, 1)]
    assert "Open postings" not in panels
    assert "Not mine" not in response.text


def test_a_recruiter_sees_open_postings_with_counts(client_for, recruiter, posting):
    PostingFactory(status="draft", title="A draft")
    response = client_for(recruiter).get(reverse("dashboard"))
    panels = {panel["title"]: panel for panel in response.context["panels"]}
    assert [p.title for p in panels["Open postings"]["postings"]] == [posting.title]


def test_interviewers_get_no_posting_panels(client_for, interviewer, posting):
    response = client_for(interviewer).get(reverse("dashboard"))
    titles = {panel["title"] for panel in response.context["panels"]}
    assert not titles & {"My postings", "Open postings"}
    assert "₹" not in response.text


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:postings_posting_changelist",
        "admin:postings_libraryquestion_changelist",
        "admin:postings_consenttext_changelist",
        "admin:pipelines_knockoutevaluation_changelist",
        "admin:postings_posting_add",
    ],
)
def test_the_admin_pages_open(client_for, admin_user, posting, url_name):
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_superuser"])
    ScreeningQuestionFactory(posting=posting)
    response = client_for(admin_user).get(reverse(url_name), {"q": "lead"} if "changelist" in url_name else {})
    assert response.status_code == 200


def test_the_admin_posting_page_has_skill_and_question_inlines(client_for, admin_user, posting):
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_superuser"])
    response = client_for(admin_user).get(reverse("admin:postings_posting_change", args=[posting.pk]))
    assert "skills-TOTAL_FORMS" in response.text
    assert "questions-TOTAL_FORMS" in response.text


def test_knockout_evaluations_are_read_only_in_the_admin(rf, admin_user):
    from django.contrib.admin.sites import site

    from recruiting.pipelines.models import KnockoutEvaluation

    model_admin = site._registry[KnockoutEvaluation]
    request = rf.get("/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{{ amount|money:"INR" }}', "₹18,51,368.30"),
        ('{{ amount|money_compact:"INR" }}', "₹18.5 L"),
        ("{{ amount|indian_number }}", "18,51,368"),
        ('{{ big|money:"USD" }}', "$1,851,368.30"),
        ('{{ big|money_compact:"USD" }}', "$1.9M"),
        ('{{ nothing|money:"INR" }}', ""),
    ],
)
def test_money_filters_format_the_local_way(source, expected):
    template = Template("{% load postings_tags %}" + source)
    context = Context({"amount": Decimal("1851368.30"), "big": Decimal("1851368.30"), "nothing": None})
    assert template.render(context) == expected


def test_the_markdown_filter_drops_scripts_and_dangerous_links():
    template = Template("{% load postings_tags %}{{ text|markdown_safe }}")
    html = template.render(Context({"text": "[x](javascript:alert(1)) <img src=x onerror=alert(1)> *ok*"}))
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "<em>ok</em>" in html
