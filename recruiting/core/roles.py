"""The portal's roles, named once (docs/adr/0001-roles.md: one role per user, a field).

The vocabulary lives in core, below every app, so the access decorators can check role
names when a view module is imported; `accounts.User.role` stores one of these values.
Admins hold every role (`User.has_role`), so the tuples below never list them.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    RECRUITER = "recruiter", "Recruiter"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    INTERVIEWER = "interviewer", "Interviewer"


# Who runs postings and pipelines: recruiters for every posting, hiring managers for their own.
MANAGER_ROLES: tuple[str, ...] = (Role.RECRUITER, Role.HIRING_MANAGER)
# Every role: any signed-in user who has one.
ANY_ROLE: tuple[str, ...] = tuple(Role.values)
