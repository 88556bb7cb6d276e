# The reusable screening questions every posting of ours asks in some form.

from django.db import migrations

LIBRARY = [
    {
        "key": "current_ctc",
        "text": "What is your current CTC (per year)?",
        "help_text": "Fixed plus variable, before tax.",
        "kind": "money",
        "currency": "INR",
    },
    {
        "key": "expected_ctc",
        "text": "What is your expected CTC (per year)?",
        "help_text": "What you would like to earn in this role.",
        "kind": "money",
        "currency": "INR",
        "knockout_band_max": True,
    },
    {
        "key": "notice_period",
        "text": "What is your notice period, in days?",
        "help_text": "Enter 0 if you can join immediately.",
        "kind": "duration_days",
        "knockout_op": "lte",
        "knockout_value": "15",
    },
    {
        "key": "years_golang",
        "text": "How many years have you worked with Golang?",
        "kind": "years",
        "skill": "Golang",
        "knockout_op": "gte",
        "knockout_value": "4",
    },
    {
        "key": "weekday_in_person_chennai",
        "text": "Can you attend weekday interviews in person in Chennai?",
        "kind": "yes_no",
        "knockout_op": "eq",
        "knockout_value": "yes",
    },
]


def seed(apps, schema_editor):
    LibraryQuestion = apps.get_model("postings", "LibraryQuestion")
    for row in LIBRARY:
        fields = dict(row)
        key = fields.pop("key")
        LibraryQuestion.objects.get_or_create(key=key, defaults=fields)


def unseed(apps, schema_editor):
    LibraryQuestion = apps.get_model("postings", "LibraryQuestion")
    LibraryQuestion.objects.filter(key__in=[row["key"] for row in LIBRARY]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("postings", "0002_question_public_id"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
