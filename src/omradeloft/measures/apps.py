from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "omradeloft.measures"
    label = "measures"
    verbose_name = _("Measures")

    def ready(self) -> None:
        # The registry and the parts need the models, which are not loaded before ready().
        from omradeloft.measures.programme_parts import register
        from omradeloft.programmes.contributions import registry

        register(registry)
