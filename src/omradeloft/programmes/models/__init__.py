"""Programmes and everything their description is made of: parties, fields, target areas,
goals with indicators and targets, the evaluation plan, the bodies that run them and the
published versions of the programme description."""

from omradeloft.programmes.models.description import DescriptionVersion
from omradeloft.programmes.models.evaluation_plan import EvaluationMilestone, EvaluationQuestion
from omradeloft.programmes.models.goals import Goal, GoalIndicator, GoalLevel, GoalTarget
from omradeloft.programmes.models.organisation import (
    Body,
    BodyKind,
    Decision,
    Meeting,
    MeetingAttachment,
    Membership,
    MembershipRole,
)
from omradeloft.programmes.models.programme import (
    CrossCuttingTheme,
    Field,
    Party,
    PartyRole,
    PartySide,
    Programme,
    TargetArea,
)

__all__ = [
    "Body",
    "BodyKind",
    "CrossCuttingTheme",
    "Decision",
    "DescriptionVersion",
    "EvaluationMilestone",
    "EvaluationQuestion",
    "Field",
    "Goal",
    "GoalIndicator",
    "GoalLevel",
    "GoalTarget",
    "Meeting",
    "MeetingAttachment",
    "Membership",
    "MembershipRole",
    "Party",
    "PartyRole",
    "PartySide",
    "Programme",
    "TargetArea",
]
