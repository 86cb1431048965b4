from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omradeloft.core import main_menu


class AreasConfig(AppConfig):
    name = "omradeloft.areas"
    label = "areas"
    verbose_name = _("Areas")

    def ready(self) -> None:
        main_menu.registry.items.append(
            main_menu.MenuItem("areas", lambda: gettext("Areas"), "areas:index", order=20)
        )
