"""The one write path for measures: every change checks permission, validates and runs in
one transaction. Views, commands and the demo loader call these functions."""

from omradeloft.measures.services.attachments import (
    add_attachment,
    delete_attachment,
    may_attach,
    may_delete_attachment,
)
from omradeloft.measures.services.measures import (
    allowed_next,
    change_status,
    create_measure,
    set_published,
    update_measure,
)
from omradeloft.measures.services.reports import PERIOD, file_report, may_change_report
from omradeloft.measures.services.results import (
    add_activity,
    add_outcome,
    add_output,
    delete_activity,
    delete_outcome,
    delete_output,
    update_activity,
    update_outcome,
    update_output,
)

__all__ = [
    "PERIOD",
    "add_activity",
    "add_attachment",
    "add_outcome",
    "add_output",
    "allowed_next",
    "change_status",
    "create_measure",
    "delete_activity",
    "delete_attachment",
    "delete_outcome",
    "delete_output",
    "file_report",
    "may_attach",
    "may_change_report",
    "may_delete_attachment",
    "set_published",
    "update_activity",
    "update_measure",
    "update_outcome",
    "update_output",
]
