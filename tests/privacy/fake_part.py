"""A privacy part as an app above pipelines (offer letters, say) would register it."""

from __future__ import annotations

calls: list[tuple[str, object]] = []


def held_counts(*, subject):
    calls.append(("held_counts", subject))
    return {"offer_letters": len(subject.application_ids)}


def export_applications(*, subject):
    calls.append(("export_applications", subject))
    return {pk: {"offer_letters": [f"letter for {pk}"]} for pk in subject.application_ids}


def erase(*, subject):
    calls.append(("erase", subject))
    return []
