from __future__ import annotations

from django.db import transaction

from recruiting.accounts.models import Role, User
from recruiting.audit.services import audit_record


@transaction.atomic
def user_set_role(*, user: User, role: str, actor: User | None) -> User:
    """Give `user` a role (or none), keep Django-admin access in step, and audit it."""
    if role not in ("", *Role.values):
        raise ValueError(f"Unknown role {role!r}")
    before = {"role": user.role, "is_staff": user.is_staff}
    user.role = role
    user.is_staff = role == Role.ADMIN or user.is_superuser
    user.save(update_fields=["role", "is_staff"])
    if before != {"role": user.role, "is_staff": user.is_staff}:
        audit_record(
            actor=actor,
            action="role.change",
            obj=user,
            before=before,
            after={"role": user.role, "is_staff": user.is_staff},
        )
    return user
