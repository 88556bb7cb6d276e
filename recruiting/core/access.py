"""Access helpers shared by the apps' own `access.py` modules."""

from __future__ import annotations

import uuid

from django.http import Http404


def public_id_or_404(public_id) -> uuid.UUID:
    """A malformed public id is simply "not found", never a 500."""
    if isinstance(public_id, uuid.UUID):
        return public_id
    try:
        return uuid.UUID(str(public_id))
    except (TypeError, ValueError, AttributeError):
        raise Http404("No such object") from None
