from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from recruiting.core.roles import Role

__all__ = ["Role", "User", "UserManager"]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. The e-mail address is the login; the role decides access.

    See docs/adr/0001-roles.md: one role per user, a field rather than groups.
    """

    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True, db_index=True)
    time_zone = models.CharField(max_length=64, default="Asia/Kolkata")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="May open the Django admin. Set automatically for the admin role."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    is_offer_approver = models.BooleanField(
        "offer approver",
        default=False,
        help_text="May approve offers above a posting's pay band or CTC threshold (set by an admin).",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=["", *Role.values]), name="user_role_valid"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    def has_perm(self, perm, obj=None) -> bool:
        # The admin role is the portal's superuser: every Django-admin permission.
        if self.is_active and self.role == Role.ADMIN:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        if self.is_active and self.role == Role.ADMIN:
            return True
        return super().has_module_perms(app_label)

    @property
    def effective_role(self) -> str:
        if self.is_superuser:
            return Role.ADMIN
        return self.role

    def has_role(self, *roles: str) -> bool:
        """True when the user holds one of `roles`; admins hold every role."""
        role = self.effective_role
        return bool(role) and (role == Role.ADMIN or role in roles)

    @property
    def is_admin(self) -> bool:
        return self.effective_role == Role.ADMIN

    @property
    def is_recruiter(self) -> bool:
        return self.effective_role == Role.RECRUITER

    @property
    def is_hiring_manager(self) -> bool:
        return self.effective_role == Role.HIRING_MANAGER

    @property
    def is_interviewer(self) -> bool:
        return self.effective_role == Role.INTERVIEWER

    @property
    def sees_compensation(self) -> bool:
        """Admins and recruiters see pay everywhere; hiring managers on their postings only."""
        return self.effective_role in (Role.ADMIN, Role.RECRUITER)
