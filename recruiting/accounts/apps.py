from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "recruiting.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from recruiting.core.demo import register_demo

        register_demo(self.label, "recruiting.accounts.demo")
