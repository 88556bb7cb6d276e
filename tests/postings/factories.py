"""Factories for posting-side rows (skills, screening questions, answers)."""

from __future__ import annotations

import factory

from tests.factories import PostingFactory


class PostingSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "postings.PostingSkill"

    posting = factory.SubFactory(PostingFactory)
    name = factory.Sequence(lambda n: f"Skill {n}")
    required = True
    min_years = None


class ScreeningQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "postings.ScreeningQuestion"

    posting = factory.SubFactory(PostingFactory)
    text = "What is your notice period, in days?"
    kind = "duration_days"
    order = factory.Sequence(lambda n: n)
    knockout_op = "lte"
    knockout_value = "15"


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "pipelines.Answer"

    question = factory.SubFactory(ScreeningQuestionFactory)
    value = "60"
