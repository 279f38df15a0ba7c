"""Forms of the dashboards: the quarter shown, and the quarters of a one-sheet-per-quarter spreadsheet.

Both are GET forms (they change nothing). The quarters offered are those of a
`dashboards.QuarterChoice`: from the first quarter with figures to the one in progress, newest
first. A quarter typed into the address that is malformed, in the future or before the first
figures is an error on its field, never a page that breaks.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dates import Quarter, QuarterError

from .. import exports
from ..dashboards import QuarterChoice


def quarter_choices(choice: QuarterChoice) -> list[tuple[str, str]]:
    out = []
    for quarter in choice.quarters:
        label = str(quarter)
        if quarter == choice.current:
            label = gettext("%(quarter)s (in progress)") % {"quarter": quarter}
        out.append((str(quarter), label))
    return out


class _QuarterForm(forms.Form):
    """A form whose quarter fields are selects of the offered quarters, each read back as a Quarter."""

    quarter_fields: tuple[str, ...] = ()

    def __init__(self, *args, choice: QuarterChoice, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.choice = choice
        choices = quarter_choices(choice)
        for name in self.quarter_fields:
            self.fields[name].widget.choices = choices

    def _quarter(self, name: str) -> Quarter:
        text = self.cleaned_data[name]
        try:
            quarter = Quarter.parse(text)
        except QuarterError:
            raise ValidationError(
                _(
                    "“%(text)s” is not a quarter: write the year, Q and a quarter number from 1 to 4, "
                    "like %(example)s, or choose one from the list."
                ),
                code="invalid",
                params={"text": text[:20], "example": self.choice.default},
            ) from None
        try:
            self.choice.check(quarter)
        except QuarterError as exc:
            raise ValidationError(str(exc), code="not_offered") from None
        return quarter


def _quarter_field(label):
    return forms.CharField(
        label=label,
        widget=forms.Select,
        error_messages={"required": _("Choose a quarter.")},
    )


class QuarterPickForm(_QuarterForm):
    """The quarter a dashboard shows."""

    quarter_fields = ("quarter",)
    quarter = _quarter_field(_("Quarter"))

    def clean_quarter(self) -> Quarter:
        return self._quarter("quarter")


class QuarterRangeForm(_QuarterForm):
    """The first and last quarter of a workbook with one sheet per quarter (at most 12)."""

    quarter_fields = ("from_quarter", "to_quarter")
    from_quarter = _quarter_field(_("From quarter"))
    to_quarter = _quarter_field(_("To quarter"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A quarter that is not offered (typed into the address, or offered no longer) stays shown
        # as chosen next to its message, rather than the select falling back to its first quarter.
        for name in self.quarter_fields:
            text = (self.data.get(self.add_prefix(name)) or "").strip()[:20] if self.is_bound else ""
            widget = self.fields[name].widget
            if text and text not in {value for value, _label in widget.choices}:
                label = gettext("%(quarter)s (not offered)") % {"quarter": text}
                widget.choices = [(text, label), *widget.choices]

    def clean_from_quarter(self) -> Quarter:
        return self._quarter("from_quarter")

    def clean_to_quarter(self) -> Quarter:
        return self._quarter("to_quarter")

    def clean(self):
        data = super().clean()
        first, last = data.get("from_quarter"), data.get("to_quarter")
        if isinstance(first, Quarter) and isinstance(last, Quarter):
            try:
                data["quarters"] = exports.range_quarters(first, last)
            except QuarterError as exc:
                self.add_error("to_quarter", str(exc))
        return data
