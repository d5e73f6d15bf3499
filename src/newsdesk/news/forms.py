"""Form fields for choosing rows by id, used wherever a request names rows: the newsroom's admin pages
(newsroom.guards) and the readers' account form."""

from django import forms
from django.core.exceptions import ValidationError

from .text import row_id


def _is_row_id(value) -> bool:
    # Model instances and ints (initial values) are fine; only text from the request can be anything.
    return not isinstance(value, str) or row_id(value) is not None


class RowChoiceField(forms.ModelChoiceField):
    """One row chosen by id. An id no column can hold (2**63, "x") is the usual "Select a valid choice", found
    before any query, and is not shown again: the admin's autocomplete widget looks the chosen id up to render it,
    and that query fails on such an id (OverflowError on SQLite, ValueError for "x")."""

    def to_python(self, value):
        if value not in self.empty_values and not _is_row_id(value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value[:40]}
            )
        return super().to_python(value)

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        return data if _is_row_id(data) else None


class RowMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Rows chosen by id (checkboxes, a multiple select), guarded as RowChoiceField is."""

    def _check_values(self, value):
        for pk in value:
            if not _is_row_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk[:40]}
                )
        return super()._check_values(value)

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        return [pk for pk in data if _is_row_id(pk)] if isinstance(data, list | tuple) else data
