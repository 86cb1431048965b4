from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omradeloft.core import main_menu


class AccountsConfig(AppConfig):
    name = "omradeloft.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        main_menu.registry.items.append(
            main_menu.MenuItem(
                "profile", lambda: gettext("My page"), "accounts:profile", order=90, signed_in=True
            )
        )
