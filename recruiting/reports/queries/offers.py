"""Offers: of the offers sent in the range, how many were accepted, declined (and why),
expired or withdrawn, the acceptance rate (accepted of those answered) and the median
days from sending to the answer; overall and per posting. Counts and times only: no pay
figure appears, so the report follows the offers pages' rule for everyone who may open it.

The offers app sits beside reports in the top layer, so reports does not import it: the
model is looked up by name (labels of the decline reasons included) and read in SQL.
Until the app is installed the report says plainly that there are no offers to count."""

from __future__ import annotations

from django.apps import apps

from recruiting.reports.filters import Scope
from recruiting.reports.queries.base import Bar, Chart, Column, Result, Table, app_filter, fetch, num, ratio

NOT_AVAILABLE = "Offers are not available yet: the portal does not record offers, so there is nothing to count."

# One scan of the offers sent in the range: totals, per posting and per decline reason.
_OFFERS = """
SELECT GROUPING(a.posting_id) AS not_posting, GROUPING(o.decline_reason) AS not_reason, a.posting_id, o.decline_reason,
       count(*), count(*) FILTER (WHERE o.state = 'accepted'), count(*) FILTER (WHERE o.state = 'declined'),
       count(*) FILTER (WHERE o.state = 'expired'), count(*) FILTER (WHERE o.state = 'withdrawn'),
       count(*) FILTER (WHERE o.state = 'sent'),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.answered_at - o.sent_at) / 86400.0)
           FILTER (WHERE o.state IN ('accepted', 'declined') AND o.answered_at IS NOT NULL)
FROM offers_offer o
JOIN pipelines_application a ON a.id = o.application_id
WHERE o.sent_at >= %s AND o.sent_at < %s AND {where}
GROUP BY GROUPING SETS ((), (a.posting_id), (o.decline_reason))
"""


def offers_available() -> bool:
    return apps.is_installed("recruiting.offers")


def _reason_labels() -> dict[str, str]:
    field = apps.get_model("offers", "Offer")._meta.get_field("decline_reason")
    return {value: str(label) for value, label in field.choices}


def offers(scope: Scope) -> Result:
    if not offers_available():
        return Result(tables=[], chart=None, summary=NOT_AVAILABLE, notice=NOT_AVAILABLE)
    where, params = app_filter(scope, created=False)
    rows = fetch(_OFFERS.format(where=where), [scope.start, scope.end, *params])
    titles = {p.pk: p.title for p in scope.postings}
    labels = _reason_labels()
    total = next((r for r in rows if r[0] and r[1]), None)
    sent, accepted, declined, expired, withdrawn, waiting, days = total[4:11] if total else (0, 0, 0, 0, 0, 0, None)
    answered = accepted + declined
    summary_rows = [
        ["Sent", sent],
        ["Accepted", accepted],
        ["Declined", declined],
        ["Expired", expired],
        ["Withdrawn", withdrawn],
        ["Waiting for an answer", waiting],
    ]
    per_posting = sorted(
        (
            [titles.get(r[2], "(posting not visible)"), r[4], r[5], r[6], ratio(r[5], r[5] + r[6]), num(r[10])]
            for r in rows
            if r[1] and not r[0]
        ),
        key=lambda r: r[0].lower(),
    )
    reasons = sorted(([labels.get(r[3], r[3]), r[6]] for r in rows if r[0] and not r[1] and r[6]), key=lambda r: -r[1])
    tables = [
        Table(
            "Offers sent in the range",
            [Column("Outcome"), Column("Offers", "int")],
            summary_rows,
            caption=f"Acceptance rate {ratio(accepted, answered) if answered else '–'}% of those answered; "
            f"median {num(days) if days is not None else '–'} days from sending to the answer.",
        ),
        Table(
            "By posting",
            [
                Column("Posting"),
                Column("Sent", "int"),
                Column("Accepted", "int"),
                Column("Declined", "int"),
                Column("Acceptance rate", "pct"),
                Column("Median days to answer", "num"),
            ],
            per_posting,
        ),
        Table("Why offers were declined", [Column("Reason"), Column("Offers", "int")], reasons),
    ]
    chart = Chart(
        kind="bars",
        title="Offers sent in the range by outcome",
        bars=[Bar(r[0], r[1]) for r in summary_rows],
        unit="offers",
    )
    summary = (
        f"{sent} offers sent: {accepted} accepted, {declined} declined, {expired} expired, {withdrawn} withdrawn, "
        f"{waiting} waiting; acceptance rate {ratio(accepted, answered) if answered else '–'}% of those answered."
    )
    return Result(tables=tables, chart=chart, summary=summary, notice="" if sent else "No offers sent in this range.")
