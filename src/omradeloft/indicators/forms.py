import json
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from omradeloft.core.i18n import localized
from omradeloft.indicators.editing import EDITABLE
from omradeloft.indicators.models import RESERVED_INDICATOR_CODES, Indicator

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
# A JSON-stat file is read whole, and decoded JSON takes 10-30 times its size in memory; a
# PX-Web answer of IMPORT_WEB_MAX_ROWS cells is a few MB.
MAX_JSONSTAT_BYTES = 16 * 1024 * 1024
MAX_MAPPING_BYTES = 1024 * 1024
# File name ending -> observation file format (see importing/files.py).
UPLOAD_FORMATS = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".json": "jsonstat",
    ".jsonstat": "jsonstat",
}


def indicator_label(indicator: Indicator) -> str:
    """The indicator's name with its code and periodicity, which tell apart indicators of
    similar names and say what periods its targets and series are written in."""
    return (
        f"{localized(indicator, 'name')} ({indicator.code}, {indicator.get_periodicity_display()})"
    )


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return indicator_label(obj)


class IndicatorMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return indicator_label(obj)


class IndicatorForm(forms.ModelForm):
    """An indicator's definition; the code is given once, when the indicator is created."""

    class Meta:
        model = Indicator
        fields = ["code", *EDITABLE, "topics"]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 4}),
            "definition_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]
        self.fields["suppression_threshold"].widget.attrs.update(min=0, max=1000)
        self.fields["decimals"].widget.attrs.update(min=0, max=6)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if slugify(code) != code:
            raise forms.ValidationError(
                _("Use lower-case letters, digits, hyphens and underscores only.")
            )
        if code in RESERVED_INDICATOR_CODES:
            raise forms.ValidationError(
                _("%(code)s is used by the catalogue's own pages; choose another code."),
                params={"code": code},
            )
        return code

    def clean_suppression_threshold(self) -> int:
        value = self.cleaned_data["suppression_threshold"]
        if value > 1000:
            raise forms.ValidationError(_("Give a whole number from 0 to 1000."))
        return value

    def clean_decimals(self) -> int:
        value = self.cleaned_data["decimals"]
        if value > 6:
            raise forms.ValidationError(_("Give a whole number from 0 to 6."))
        return value


class UploadForm(forms.Form):
    """An observation file to check and import, with a mapping for JSON-stat and for wide
    statistics-bank tables."""

    file = forms.FileField(
        label=_("File with statistics"),
        widget=forms.FileInput(attrs={"accept": ",".join(UPLOAD_FORMATS)}),
    )
    mapping = forms.FileField(
        label=_("Mapping"),
        required=False,
        help_text=_(
            "A JSON file saying where the area, the period and the indicator are: which "
            "dimensions of a JSON-stat dataset, or which rows and columns of a wide table "
            "exported from a statistics bank (periods as columns). Needed for JSON-stat and "
            "wide tables; leave it out for long format."
        ),
        widget=forms.FileInput(attrs={"accept": ".json"}),
    )
    encoding = forms.ChoiceField(
        label=_("Character encoding"),
        required=False,
        choices=[
            ("", _("Automatic")),
            ("utf-8", "UTF-8"),
            ("windows-1252", "Windows-1252"),
            ("iso-8859-1", "ISO-8859-1 (Latin-1)"),
        ],
        help_text=_(
            "For CSV and JSON-stat files. Automatic tells UTF-8 from Windows-1252, in which "
            "Excel on Windows saves “CSV (semikolonseparert)”."
        ),
    )

    missing_is_zero = forms.BooleanField(
        label=_("A missing row means zero"),
        required=False,
        help_text=_(
            "For count tables that list only the areas with a count: every other area of the "
            "same level gets 0, so that totals can be derived. Only for counts."
        ),
    )

    decimal = forms.ChoiceField(
        label=_("Decimal mark"),
        required=False,
        initial="",
        choices=[
            ("", _("Decide from the file")),
            ("comma", _("Comma (12 345,6)")),
            ("point", _("Point (12,345.6)")),
        ],
        help_text=_(
            "How numbers written as text mark their decimals. Decided for each column from "
            "all its numbers unless you say; say it when a column only has numbers such as "
            "287,000, which could be read either way."
        ),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set here, not on the field, so that it is translated into the request's language.
        self.fields["file"].help_text = _(
            "CSV or Excel (.xlsx, .xls) in long format with the columns indicator, area, period "
            "and value (or numerator and denominator), a wide table exported from a statistics "
            "bank (with a mapping), or a JSON-stat 2.0 dataset (.json). "
            "At most %(size)s (JSON-stat: %(json_size)s) and %(rows)s rows."
        ) % {
            "size": filesizeformat(MAX_UPLOAD_BYTES),
            "json_size": filesizeformat(MAX_JSONSTAT_BYTES),
            "rows": number_format(settings.IMPORT_WEB_MAX_ROWS, force_grouping=True),
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in UPLOAD_FORMATS:
            raise forms.ValidationError(
                _("Use a .csv, .xlsx, .xls or .json file; %(name)s is none of these."),
                params={"name": upload.name},
            )
        limit = MAX_JSONSTAT_BYTES if self._format_of(upload) == "jsonstat" else MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; files of at most %(limit)s can be imported here."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        return upload

    def clean_mapping(self) -> dict[str, Any] | None:
        upload = self.cleaned_data.get("mapping")
        if not upload:
            return None
        if upload.size > MAX_MAPPING_BYTES:
            raise forms.ValidationError(
                _("A mapping file may be at most %(limit)s."),
                params={"limit": filesizeformat(MAX_MAPPING_BYTES)},
            )
        try:
            mapping = json.loads(upload.read())
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise forms.ValidationError(
                _("The mapping is not valid JSON: %(problem)s."), params={"problem": e}
            ) from None
        except RecursionError:
            raise forms.ValidationError(_("The mapping is nested too deeply to read.")) from None
        if not isinstance(mapping, dict):
            raise forms.ValidationError(_("The mapping must be a JSON object."))
        return mapping

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        needs_mapping = self.file_format == "jsonstat" and not data.get("mapping")
        if needs_mapping and "mapping" not in self.errors:
            self.add_error("mapping", _("A JSON-stat file needs a mapping file."))
        return data

    @property
    def file_format(self) -> str | None:
        upload = self.cleaned_data.get("file")
        return self._format_of(upload) if upload else None

    @staticmethod
    def _format_of(upload: Any) -> str | None:
        return UPLOAD_FORMATS.get(Path(upload.name).suffix.lower())
