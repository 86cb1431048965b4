"""What the measures add to the programme's pages, registered with
`omradeloft.programmes.contributions` when the app is ready."""

from django.utils.translation import gettext as _

from omradeloft.measures.programme_parts import dashboard, decisions, description, usage
from omradeloft.programmes import contributions

TEMPLATES = "measures/programme"


def register(registry: contributions.Registry) -> None:
    registry.nav_items.append(
        contributions.NavItem("measures", lambda: _("Measures"), "measures:list", after="goals")
    )
    registry.card_parts.append(
        contributions.CardPart(f"{TEMPLATES}/_card.html", dashboard.card_counts)
    )
    registry.dashboard_panels.append(
        contributions.DashboardPanel(
            panel_template=f"{TEMPLATES}/_dashboard.html",
            build=dashboard.dashboard_part,
            map_template=f"{TEMPLATES}/_map_table.html",
        )
    )
    registry.description_sections.append(
        contributions.DescriptionSection(
            key="measures",
            title=lambda: _("Measures"),
            blocks=description.measure_blocks,
            after="evaluation",
        )
    )
    registry.decision_links.append(
        contributions.DecisionLink(
            key="measures",
            heading=lambda: _("Measures"),
            form_field=decisions.measure_field,
            readable=decisions.readable_measures,
            cell_template=f"{TEMPLATES}/_decision_cell.html",
            csv_cell=decisions.measures_cell,
            problem=decisions.foreign_measures,
            attach=decisions.attach_measures,
        )
    )
    registry.field_users.append(
        contributions.UsageCheck(usage.measures_in_field, usage.measures_in_field_refusal)
    )
    registry.goal_users.append(
        contributions.UsageCheck(usage.measures_serving_goal, usage.measures_serving_goal_refusal)
    )
