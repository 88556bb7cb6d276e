from __future__ import annotations

from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from recruiting.accounts.models import User


class UserCreateForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
