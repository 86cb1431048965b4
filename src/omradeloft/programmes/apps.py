from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omradeloft.core import main_menu


class ProgrammesConfig(AppConfig):
    name = "omradeloft.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        main_menu.registry.items.append(
            main_menu.MenuItem(
                "programmes", lambda: gettext("Programmes"), "programmes:list", order=10
            )
        )
