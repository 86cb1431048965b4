"""Measures and pilot projects, their results chains, progress reports and documents."""

from omradeloft.measures.models.measure import Measure, MeasureKind, Status, StatusChange
from omradeloft.measures.models.reports import (
    MeasureAttachment,
    OutputValue,
    ProgressReport,
    TrafficLight,
)
from omradeloft.measures.models.results import Activity, Outcome, Output

__all__ = [
    "Activity",
    "Measure",
    "MeasureAttachment",
    "MeasureKind",
    "Outcome",
    "Output",
    "OutputValue",
    "ProgressReport",
    "Status",
    "StatusChange",
    "TrafficLight",
]
