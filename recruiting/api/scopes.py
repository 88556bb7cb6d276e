"""What an API caller may do: scopes, named once.

A token carries some of these; a signed-in browser session carries all of them and is
limited by its role exactly as the pages are (the user-scoped querysets and the access
helpers decide what it sees and may change).
"""

from __future__ import annotations

from django.db import models


class Scope(models.TextChoices):
    POSTINGS_READ = "postings:read", "Read postings"
    POSTINGS_WRITE = "postings:write", "Publish and close postings"
    APPLICATIONS_READ = "applications:read", "Read applications"
    APPLICATIONS_WRITE = "applications:write", "Create, move and reject applications"
    CANDIDATES_READ = "candidates:read", "Read candidates"
    CANDIDATES_WRITE = "candidates:write", "Add notes to candidates"
    INTERVIEWS_READ = "interviews:read", "Read interviews"
    OFFERS_READ = "offers:read", "Read offers, pay figures included"


ALL_SCOPES: frozenset[str] = frozenset(Scope.values)
