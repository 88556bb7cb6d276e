"""Stage templates chosen when a posting is created: the new-posting form (postings) offers
pipelines' templates through `postings.extensions`, and `posting_created` carries the
choice to pipelines, which copies that template's stages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recruiting.pipelines import demo_templates
from recruiting.pipelines.models import StageTemplate, StageTemplateStage
from recruiting.postings.models import Posting
from tests.postings.test_posting_form import _form_data
from tests.support.htmlforms import read_form

pytestmark = pytest.mark.django_db


def make_template(name: str, stages: list[str], *, is_default: bool = False, retired: bool = False):
    template = StageTemplate.objects.create(name=name, is_default=is_default, retired=retired)
    for index, stage in enumerate(stages):
        kind = {"Offer": "offer", "Hired": "hired"}.get(stage, "active")
        StageTemplateStage.objects.create(template=template, name=stage, order=index, kind=kind)
    return template


@pytest.fixture
def templates(db):
    return {
        "standard": make_template("Standard", ["Applied", "Screen", "Technical", "Offer", "Hired"], is_default=True),
        "take_home": make_template(
            "Engineering with take-home", ["Applied", "Take-home", "Technical", "Offer", "Hired"]
        ),
        "short": make_template("Short non-tech", ["Applied", "Hiring manager", "Offer", "Hired"]),
        "old": make_template("Old process", ["Applied", "Phone", "Hired"], retired=True),
    }


def stages_of(posting: Posting) -> list[str]:
    return list(posting.stages.order_by("order").values_list("name", flat=True))


def test_the_form_offers_the_live_templates_with_their_stages_the_default_chosen(client_for, hiring_manager, templates):
    response = client_for(hiring_manager).get(reverse("postings:create"))
    assert response.status_code == 200
    values, _ = read_form(response.text, "posting-form")
    assert values["stage_template"] == [str(templates["standard"].pk)]  # preselected
    html = response.text
    assert "Engineering with take-home" in html and "Applied → Take-home → Technical → Offer → Hired" in html
    assert "Short non-tech" in html and "(default)" in html
    assert "Old process" not in html  # retired


def test_a_posting_made_with_a_chosen_template_gets_its_stages(client_for, hiring_manager, templates):
    response = client_for(hiring_manager).post(
        reverse("postings:create"), _form_data(stage_template=str(templates["take_home"].pk))
    )
    assert response.status_code == 302
    assert stages_of(Posting.objects.get()) == ["Applied", "Take-home", "Technical", "Offer", "Hired"]


def test_a_posting_made_without_a_choice_gets_the_default_template(client_for, hiring_manager, templates):
    response = client_for(hiring_manager).post(reverse("postings:create"), _form_data())
    assert response.status_code == 302
    assert stages_of(Posting.objects.get()) == ["Applied", "Screen", "Technical", "Offer", "Hired"]


def test_without_any_template_the_standard_stages_are_used(client_for, hiring_manager):
    page = client_for(hiring_manager).get(reverse("postings:create"))
    assert "no stage templates are kept yet" in page.text
    response = client_for(hiring_manager).post(reverse("postings:create"), _form_data())
    assert response.status_code == 302
    assert stages_of(Posting.objects.get())[:3] == ["Applied", "Screen", "Technical"]


@pytest.mark.parametrize("choice", ["retired", "999999", "not-a-number"])
def test_an_unknown_or_retired_template_is_a_form_error_and_nothing_is_made(
    client_for, hiring_manager, templates, choice
):
    value = str(templates["old"].pk) if choice == "retired" else choice
    response = client_for(hiring_manager).post(reverse("postings:create"), _form_data(stage_template=value))
    assert response.status_code == 200
    assert "That stage template is not offered" in response.text
    assert response.context["form"].errors["stage_template"]
    assert not Posting.objects.exists()
    # The rest of what was typed is kept.
    assert 'value="Lead Backend Engineer"' in response.text


def test_live_validation_reports_a_bad_template_too(client_for, hiring_manager, templates):
    response = client_for(hiring_manager).post(reverse("postings:validate"), _form_data(stage_template="999999"))
    assert response.status_code == 200
    assert 'id="err-stage_template"' in response.text and "That stage template is not offered" in response.text


def test_editing_a_posting_offers_no_template(client_for, hiring_manager, templates):
    client_for(hiring_manager).post(reverse("postings:create"), _form_data())
    posting = Posting.objects.get()
    page = client_for(hiring_manager).get(reverse("postings:edit", args=[posting.public_id]))
    assert page.status_code == 200 and 'name="stage_template"' not in page.text
    edited = client_for(hiring_manager).post(
        reverse("postings:edit", args=[posting.public_id]),
        _form_data(title="Renamed", stage_template=str(templates["short"].pk)),
    )
    assert edited.status_code == 302
    assert stages_of(posting) == ["Applied", "Screen", "Technical", "Offer", "Hired"]  # unchanged


def test_the_pasted_description_flow_offers_the_choice_and_creates_the_posting(client_for, hiring_manager, templates):
    client = client_for(hiring_manager)
    text = "Senior Backend Engineer\n\nExperience: 5-8 years\nLocation: Chennai\n\nRequired skills: Go, PostgreSQL"
    review = client.post(reverse("postings:from_text"), {"text": text})
    assert review.status_code == 200
    values, _ = read_form(review.text, "posting-form")
    assert values["stage_template"] == [str(templates["standard"].pk)]
    values["stage_template"] = [str(templates["short"].pk)]
    if not values.get("title", [""])[0]:
        values["title"] = ["Senior Backend Engineer"]
    response = client.post(reverse("postings:create"), values)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert stages_of(Posting.objects.get()) == ["Applied", "Hiring manager", "Offer", "Hired"]


def test_the_admin_adds_a_second_template(client_for, admin_user, templates):
    response = client_for(admin_user).post(
        reverse("admin:pipelines_stagetemplate_add"),
        {
            "name": "Design with portfolio",
            "stages-TOTAL_FORMS": "3",
            "stages-INITIAL_FORMS": "0",
            "stages-MIN_NUM_FORMS": "0",
            "stages-MAX_NUM_FORMS": "1000",
            "stages-0-name": "Applied",
            "stages-0-order": "0",
            "stages-0-kind": "active",
            "stages-1-name": "Portfolio review",
            "stages-1-order": "1",
            "stages-1-kind": "active",
            "stages-2-name": "Hired",
            "stages-2-order": "2",
            "stages-2-kind": "hired",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    added = StageTemplate.objects.get(name="Design with portfolio")
    assert not added.is_default and list(added.stages.values_list("name", flat=True)) == [
        "Applied",
        "Portfolio review",
        "Hired",
    ]
    page = client_for(admin_user).get(reverse("postings:create"))
    assert "Applied → Portfolio review → Hired" in page.text


def test_the_default_template_cannot_be_retired(templates):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        StageTemplate.objects.filter(pk=templates["standard"].pk).update(retired=True)


def test_the_create_page_costs_the_same_queries_with_more_templates(
    client_for, hiring_manager, templates, django_assert_num_queries
):
    client = client_for(hiring_manager)
    client.get(reverse("postings:create"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("postings:create"))
    for n in range(6):
        make_template(f"Extra {n}", ["Applied", f"Step {n}", "Hired"])
    with django_assert_num_queries(len(few)):
        client.get(reverse("postings:create"))


def test_the_demo_seeds_three_templates_once(db):
    class Out:
        def write(self, text):
            pass

    demo_templates.seed(users={}, stdout=Out())
    demo_templates.seed(users={}, stdout=Out())
    assert list(StageTemplate.objects.values_list("name", "is_default")) == [
        ("Engineering with take-home", False),
        ("Short non-tech", False),
        ("Standard", True),
    ]
