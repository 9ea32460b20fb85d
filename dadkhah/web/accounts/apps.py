from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dadkhah.web.accounts"
    label = "accounts"
