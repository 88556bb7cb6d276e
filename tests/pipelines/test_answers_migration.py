"""Answers and knock-out results moved from postings to pipelines (issue 9): migrating a
database that holds them keeps every row, under the new tables and content types."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from recruiting.pipelines.knockouts import application_evaluate_knockouts
from recruiting.pipelines.models import Answer, KnockoutEvaluation
from tests.factories import ApplicationFactory
from tests.postings.factories import AnswerFactory, ScreeningQuestionFactory

BEFORE = [("postings", "0004_posting_pay_and_dates_sane"), ("pipelines", "0010_candidate_profile_sane")]


def tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


@pytest.mark.django_db(transaction=True)
def test_answers_and_knockout_results_keep_their_rows_when_they_move_to_pipelines():
    application = ApplicationFactory()
    notice = ScreeningQuestionFactory(
        posting=application.posting, text="Notice period (days)?", kind="duration_days", knockout_op="lte",
        knockout_value="15",
    )  # fmt: skip
    why = ScreeningQuestionFactory(posting=application.posting, text="Why us?", kind="text")
    AnswerFactory(application=application, question=notice, value="60")
    application_evaluate_knockouts(application=application, reason="Answers given when applying")
    [evaluation] = KnockoutEvaluation.objects.filter(application=application)

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        assert {"postings_answer", "postings_knockoutevaluation"} <= tables()
        assert not {"pipelines_answer", "pipelines_knockoutevaluation"} & tables()
        old = executor.loader.project_state(BEFORE).apps
        OldAnswer = old.get_model("postings", "Answer")
        assert list(OldAnswer.objects.filter(application_id=application.pk).values_list("value", flat=True)) == ["60"]
        # A row written by the old code, before the move.
        OldAnswer.objects.create(application_id=application.pk, question_id=why.pk, value="Your Kafka team")
        assert ContentType.objects.filter(app_label="postings", model="answer").exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert {"pipelines_answer", "pipelines_knockoutevaluation"} <= tables()
    assert not {"postings_answer", "postings_knockoutevaluation"} & tables()
    assert dict(Answer.objects.filter(application=application).values_list("question__text", "value")) == {
        "Notice period (days)?": "60",
        "Why us?": "Your Kafka team",
    }
    moved = KnockoutEvaluation.objects.get(pk=evaluation.pk)
    assert (moved.application_id, moved.flags_after, moved.reason) == (
        application.pk,
        ["notice period 60 days > 15"],
        "Answers given when applying",
    )
    assert ContentType.objects.get_for_model(Answer).app_label == "pipelines"
    assert not ContentType.objects.filter(app_label="postings", model__in=["answer", "knockoutevaluation"]).exists()
    # The unique rule came along with the table.
    with pytest.raises(Exception, match="answer_unique"):
        Answer.objects.create(application=application, question=why, value="again")
