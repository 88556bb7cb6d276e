from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "recruiting.accounts"
    label = "accounts"
    verbose_name = "Accounts"
