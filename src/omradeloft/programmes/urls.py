from django.urls import path

from omradeloft.programmes.views import (
    dashboard,
    description,
    edit_areas,
    edit_basics,
    edit_evaluation,
    edit_fields,
    edit_goal_indicators,
    edit_goals,
    edit_parties,
    meetings,
    organisation,
    team,
)

BODY = "<slug:code>/bodies/<int:pk>/"
MEETING = "<slug:code>/meetings/<int:pk>/"
DOCUMENT = "<slug:code>/meeting-documents/<int:pk>/"
EDIT = "<slug:code>/edit/"

app_name = "programmes"
urlpatterns = [
    path("", dashboard.programme_list, name="list"),
    path("<slug:code>/", dashboard.programme_detail, name="detail"),
    path("<slug:code>/goals/", dashboard.goals, name="goals"),
    # The programme description and its published versions
    path("<slug:code>/description/", description.description, name="description"),
    path("<slug:code>/description/publish/", description.publish, name="description_publish"),
    path("<slug:code>/description/versions/", description.versions, name="description_versions"),
    path("<slug:code>/description/compare/", description.compare, name="description_diff"),
    path("<slug:code>/description/print/", description.print_view, name="description_print"),
    path(
        "<slug:code>/description/description.docx",
        description.docx_view,
        name="description_docx",
    ),
    path(
        "<slug:code>/description/<int:number>/",
        description.version,
        name="description_version",
    ),
    path(
        "<slug:code>/description/<int:number>/print/",
        description.print_view,
        name="description_print",
    ),
    path(
        "<slug:code>/description/<int:number>/description.docx",
        description.docx_view,
        name="description_docx",
    ),
    # Bodies, members, meetings and decisions
    path("<slug:code>/bodies/", organisation.body_list, name="bodies"),
    path("<slug:code>/bodies/new/", organisation.body_edit, name="body_new"),
    path(BODY, organisation.body_detail, name="body"),
    path(f"{BODY}edit/", organisation.body_edit, name="body_edit"),
    path(f"{BODY}members/", organisation.membership_add, name="membership_add"),
    path("<slug:code>/members/<int:pk>/end/", organisation.membership_end, name="membership_end"),
    path("<slug:code>/decisions/", organisation.decision_log, name="decisions"),
    path(f"{BODY}meetings/new/", meetings.meeting_new, name="meeting_new"),
    path(MEETING, meetings.meeting_detail, name="meeting"),
    path(f"{MEETING}edit/", meetings.meeting_edit, name="meeting_edit"),
    path(f"{MEETING}attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path(f"{MEETING}decisions/", meetings.decision_add, name="decision_add"),
    path(f"{MEETING}documents/", meetings.meeting_attachment_add, name="meeting_attachment_add"),
    path(DOCUMENT, meetings.meeting_attachment, name="meeting_attachment"),
    path(
        f"{DOCUMENT}delete/",
        meetings.meeting_attachment_delete,
        name="meeting_attachment_delete",
    ),
    # Editing the programme
    path(EDIT, edit_basics.hub, name="edit"),
    path(f"{EDIT}basics/", edit_basics.basics, name="edit_basics"),
    path(f"{EDIT}parties/", edit_parties.parties, name="edit_parties"),
    path(f"{EDIT}parties/<int:pk>/", edit_parties.party_edit, name="edit_party"),
    path(f"{EDIT}parties/<int:pk>/remove/", edit_parties.party_remove, name="edit_party_remove"),
    path(f"{EDIT}fields/", edit_fields.fields, name="edit_fields"),
    path(f"{EDIT}fields/<int:pk>/", edit_fields.field_edit, name="edit_field"),
    path(f"{EDIT}fields/<int:pk>/move/", edit_fields.field_move, name="edit_field_move"),
    path(f"{EDIT}fields/<int:pk>/remove/", edit_fields.field_remove, name="edit_field_remove"),
    path(f"{EDIT}themes/", edit_fields.themes, name="edit_themes"),
    path(f"{EDIT}themes/<int:pk>/", edit_fields.theme_edit, name="edit_theme"),
    path(f"{EDIT}themes/<int:pk>/remove/", edit_fields.theme_remove, name="edit_theme_remove"),
    path(f"{EDIT}areas/", edit_areas.target_areas, name="edit_target_areas"),
    path(f"{EDIT}areas/pick/", edit_areas.pick, name="edit_target_areas_pick"),
    path(
        f"{EDIT}areas/<int:pk>/remove/",
        edit_areas.target_area_remove,
        name="edit_target_area_remove",
    ),
    path(f"{EDIT}goals/", edit_goals.goals, name="edit_goals"),
    path(f"{EDIT}goals/<int:pk>/", edit_goals.goal_edit, name="edit_goal"),
    path(f"{EDIT}goals/<int:pk>/remove/", edit_goals.goal_remove, name="edit_goal_remove"),
    path(
        f"{EDIT}goals/<int:pk>/indicators/",
        edit_goals.indicator_add,
        name="edit_goal_indicator_add",
    ),
    path(
        f"{EDIT}goal-indicators/<int:pk>/",
        edit_goal_indicators.goal_indicator_edit,
        name="edit_goal_indicator",
    ),
    path(
        f"{EDIT}goal-indicators/<int:pk>/remove/",
        edit_goal_indicators.goal_indicator_remove,
        name="edit_goal_indicator_remove",
    ),
    path(
        f"{EDIT}goal-indicators/<int:pk>/targets/",
        edit_goal_indicators.target_add,
        name="edit_target_add",
    ),
    path(f"{EDIT}targets/<int:pk>/", edit_goal_indicators.target_edit, name="edit_target"),
    path(
        f"{EDIT}targets/<int:pk>/remove/",
        edit_goal_indicators.target_remove,
        name="edit_target_remove",
    ),
    path(f"{EDIT}evaluation/", edit_evaluation.plan, name="edit_evaluation"),
    path(f"{EDIT}evaluation/<int:pk>/", edit_evaluation.milestone_edit, name="edit_milestone"),
    path(
        f"{EDIT}evaluation/<int:pk>/remove/",
        edit_evaluation.milestone_remove,
        name="edit_milestone_remove",
    ),
    path(
        f"{EDIT}evaluation/<int:pk>/questions/",
        edit_evaluation.question_add,
        name="edit_question_add",
    ),
    path(f"{EDIT}questions/<int:pk>/", edit_evaluation.question_edit, name="edit_question"),
    path(
        f"{EDIT}questions/<int:pk>/remove/",
        edit_evaluation.question_remove,
        name="edit_question_remove",
    ),
    # The programme's people
    path("<slug:code>/team/", team.team, name="team"),
    path("<slug:code>/team/<int:pk>/revoke/", team.revoke, name="revoke"),
]
