from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from recruiting.accounts.forms import UserCreateForm, UserEditForm
from recruiting.accounts.models import User
from recruiting.accounts.services import user_set_role


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "is_active", "is_staff", "last_login"]
    list_filter = ["role", "is_offer_approver", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "is_staff"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "time_zone")}),
        ("Access", {"fields": ("role", "is_offer_approver", "is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "role", "usable_password", "password1", "password2"),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        new_role = obj.role
        if change:
            obj.role = User.objects.only("role").get(pk=obj.pk).role
        else:
            obj.role = ""
        super().save_model(request, obj, form, change)
        # Role changes go through the service so they are audited and is_staff follows.
        user_set_role(user=obj, role=new_role, actor=request.user)
