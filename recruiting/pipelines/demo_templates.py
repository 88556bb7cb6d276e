"""Demo data: the stage templates a new posting can start with (the choice on the
new-posting form). The demo postings themselves were made with the standard stages."""

from __future__ import annotations

from django.db import transaction

from recruiting.pipelines.models import DEFAULT_STAGES, StageKind, StageTemplate, StageTemplateStage

TEMPLATES = {
    # name: (default?, stages)
    "Standard": (True, DEFAULT_STAGES),
    "Engineering with take-home": (
        False,
        ["Applied", "Screen", "Take-home", "Technical", "System design", "Hiring manager", "Offer", "Hired"],
    ),
    "Short non-tech": (False, ["Applied", "Screen", "Hiring manager", "Offer", "Hired"]),
}


def _kind(name: str) -> str:
    return {"Offer": StageKind.OFFER, "Hired": StageKind.HIRED}.get(name, StageKind.ACTIVE)


@transaction.atomic
def seed(*, users: dict, stdout) -> None:
    made = 0
    for name, (is_default, stages) in TEMPLATES.items():
        if StageTemplate.objects.filter(name=name).exists():
            continue
        if is_default and StageTemplate.objects.filter(is_default=True).exists():
            is_default = False  # an admin's default stays the default
        template = StageTemplate.objects.create(name=name, is_default=is_default)
        StageTemplateStage.objects.bulk_create(
            StageTemplateStage(template=template, name=stage, order=index, kind=_kind(stage))
            for index, stage in enumerate(stages)
        )
        made += 1
    stdout.write(f"stage templates: {made} made")
