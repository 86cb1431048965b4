"""Forms for the evaluation plan."""

from django import forms
from django.utils.translation import gettext_lazy as _

from omradeloft.accounts.models import Organisation
from omradeloft.core.forms import DatePicker, LocalizedChoiceField
from omradeloft.programmes.forms.programme import SHORT_TEXT
from omradeloft.programmes.models import EvaluationMilestone, EvaluationQuestion


class MilestoneForm(forms.ModelForm):
    responsible = LocalizedChoiceField(
        label=_("Responsible"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Not decided"),
        help_text=_("Who carries out or commissions it."),
    )

    class Meta:
        model = EvaluationMilestone
        fields = ("kind", "title", "title_en", "due", "responsible", "description")
        widgets = {"due": DatePicker(), "description": SHORT_TEXT}


class QuestionForm(forms.ModelForm):
    class Meta:
        model = EvaluationQuestion
        fields = ("question", "question_en", "answered_by", "order")
        widgets = {"question": SHORT_TEXT, "question_en": SHORT_TEXT}
