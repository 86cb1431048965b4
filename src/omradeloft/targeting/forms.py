import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class SpecForm(forms.Form):
    """A JSON spec, as `import-index` and `import-rule` read it."""

    spec = forms.CharField(
        label=_("Specification (JSON)"),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        help_text=_("The same JSON the command line imports; see the README for its keys."),
    )

    def __init__(self, *args: Any, code: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.code = code

    def clean_spec(self) -> dict[str, Any]:
        try:
            spec = json.loads(self.cleaned_data["spec"])
        except json.JSONDecodeError as e:
            raise forms.ValidationError(
                _("Not valid JSON: %(problem)s (line %(line)s, column %(column)s).")
                % {"problem": e.msg, "line": e.lineno, "column": e.colno}
            ) from None
        if not isinstance(spec, dict):
            raise forms.ValidationError(_("The specification must be a JSON object."))
        if self.code and spec.get("code") != self.code:
            raise forms.ValidationError(
                _("The code must stay %(code)s; make a new one to use another code.")
                % {"code": self.code}
            )
        return spec
