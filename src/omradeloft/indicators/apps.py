from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omradeloft.core import main_menu


class IndicatorsConfig(AppConfig):
    name = "omradeloft.indicators"
    label = "indicators"
    verbose_name = _("Indicators and statistics")

    def ready(self) -> None:
        main_menu.registry.items.append(
            main_menu.MenuItem(
                "indicators", lambda: gettext("Statistics"), "indicators:catalogue", order=30
            )
        )
        # The area links need the area models, which are not loaded before ready().
        from omradeloft.areas.contributions import registry
        from omradeloft.indicators.area_parts import register

        register(registry)
