from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omradeloft.core import main_menu


class TargetingConfig(AppConfig):
    name = "omradeloft.targeting"
    label = "targeting"
    verbose_name = _("Targeting")

    def ready(self) -> None:
        main_menu.registry.items.append(
            main_menu.MenuItem(
                "targeting", lambda: gettext("Targeting"), "targeting:overview", order=40
            )
        )
