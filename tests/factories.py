"""factory_boy factories shared by all tests."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone

from recruiting.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    role = "interviewer"
    password = factory.django.Password("correct-horse-battery-staple")


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "postings.Posting"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lead Backend Engineer {n}")
    team = "Platform"
    hiring_manager = factory.SubFactory(UserFactory, role="hiring_manager")
    location = "Chennai"
    workplace_type = "onsite"
    experience_min = 3
    experience_max = 6
    pay_currency = "INR"
    pay_min = Decimal("1851368.30")
    pay_max = Decimal("3550754.94")
    status = "open"
    opened_at = factory.LazyFunction(timezone.now)
    notice_period_max_days = 15

    @factory.post_generation
    def stages(self, create, extracted, **kwargs):
        if create:
            from recruiting.pipelines.services import posting_stages_create

            posting_stages_create(posting=self)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "pipelines.Candidate"

    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@mail.example.com")
    email_normalised = factory.LazyAttribute(lambda o: o.email.lower())
    phone = factory.Sequence(lambda n: f"+9198{n:08d}")
    phone_normalised = factory.LazyAttribute(lambda o: o.phone)
    current_role = "Senior Backend Engineer"
    total_years = Decimal("7.5")
    notice_period_days = 15


class ApplicationFactory(factory.django.DjangoModelFactory):
    """Build with `ApplicationFactory(posting=p)`; goes through the real service so the
    first transition and timeline line exist."""

    class Meta:
        model = "pipelines.Application"

    candidate = factory.SubFactory(CandidateFactory)
    posting = factory.SubFactory(PostingFactory)
    source = "careers"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from recruiting.pipelines.services import application_create

        application, _ = application_create(
            candidate=kwargs["candidate"], posting=kwargs["posting"], source=kwargs.get("source", "careers")
        )
        return application


def add_document(
    candidate,
    data: bytes = b"%PDF-1.4\n% test\n",
    *,
    application=None,
    name: str = "cv.pdf",
    file_type: str = "pdf",
    text: str = "",
    status: str = "processing",
    uploaded_at=None,
):
    """A stored CV document of `candidate` (with `application`, or of the person)."""
    import hashlib

    from django.core.files.base import ContentFile

    from recruiting.pipelines.models import Document

    document = Document(
        candidate=candidate,
        application=application,
        original_filename=name,
        file_type=file_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_at=uploaded_at or timezone.now(),
        text=text,
        text_status=status,
    )
    document.file.save("cv", ContentFile(data), save=False)
    document.save()
    return document
