"""Business events of offers, sent inside the service's transaction (listeners may write
rows that commit or roll back with it). Both carry `offer` and `application`."""

from __future__ import annotations

from django.dispatch import Signal

# The candidate accepted: the application has just been moved to Hired.
offer_accepted = Signal()
# The candidate declined: the application stays at the offer stage, with the reason.
offer_declined = Signal()
