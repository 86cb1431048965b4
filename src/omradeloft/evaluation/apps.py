from django.apps import AppConfig
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class EvaluationConfig(AppConfig):
    name = "omradeloft.evaluation"
    label = "evaluation"
    verbose_name = gettext_lazy("Evaluation")

    def ready(self) -> None:
        # The registry needs the programme models, which are not loaded before ready().
        from omradeloft.programmes.contributions import NavItem, registry

        registry.nav_items.append(
            NavItem(
                "evaluation",
                lambda: _("Evaluation"),
                "evaluation:designs",
                after="organisation",
                workspace=True,
            )
        )
