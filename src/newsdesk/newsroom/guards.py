"""Input no browser sends, refused by the newsroom's admin pages the way they refuse any mistake.

Django's admin trusts a few things a tampered request can break: that a chosen id fits the id column, and that a
date a person types or drills down to can be converted to UTC and back. The newsroom's admin site puts
`GuardedAdmin` first in the bases of every ModelAdmin registered with it and of their inlines (`guarded`), ours and
the libraries' alike, so such input is a form error or a bad lookup (`?e=1`), never a 500.
"""

from datetime import date

from django import forms
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.constants import LOOKUP_SEP

from newsdesk.news.forms import RowChoiceField, RowMultipleChoiceField


def within_the_calendar(moment: date | None) -> None:
    """A moment in the first or last year a datetime can hold may fall off the calendar when it is converted to UTC
    to be stored, or to a site's time zone to be shown (OverflowError): 0001-01-01 00:00 in Baku comes before the
    first moment UTC can hold. A day's margin inside those years is enough for every time zone."""
    if moment is not None and not 2 <= moment.year <= 9998:
        raise ValidationError("Enter a date between the years 2 and 9998.", code="out_of_calendar")


_COMPARISONS = [[lookup] for lookup in ("exact", "gt", "gte", "lt", "lte", "in", "range")]


class CalendarChangeList(ChangeList):
    """The change list, with dates past the calendar's edges answered as bad lookup parameters, which the admin
    redirects to `?e=1`. Django refuses an impossible date (31 February) but not a drill-down whose end has no next
    year (9999), nor a date that only falls off the calendar in UTC, where the query takes it (1 January of year 1
    in Baku, from the drill-down or from `?published_at__gte=0001-01-01`)."""

    def get_filters(self, request):
        try:
            filters = super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error
        # SQLite's adapter overflows converting such a date to UTC; PostgreSQL takes it and finds nothing. Both
        # refuse it here, so the newsroom answers the same on either.
        for key, value in filters[2].items():
            for moment in self._moments(key, value):
                try:
                    within_the_calendar(moment)
                except ValidationError as error:
                    raise IncorrectLookupParameters(error) from error
        return filters

    def _moments(self, key: str, value) -> list:
        """The dates a comparison lookup on a date or datetime field compares with; none for other lookups."""
        parts = key.split(LOOKUP_SEP)
        for end in range(len(parts), 0, -1):
            try:
                field = get_fields_from_path(self.model, LOOKUP_SEP.join(parts[:end]))[-1]
            except (FieldDoesNotExist, NotRelationField):
                continue
            break
        else:
            return []
        if not isinstance(field, models.DateField) or parts[end:] not in ([], *_COMPARISONS):
            return []
        moments = []
        for item in value if isinstance(value, list | tuple) else [value]:
            try:
                moment = field.to_python(item)
            except ValidationError:
                continue  # Django's own check refuses what is no date at all
            if moment is not None:
                moments.append(moment)
        return moments

    def get_results(self, request):
        try:
            super().get_results(request)
        except OverflowError as error:  # a lookup value the database adapter could not convert
            raise IncorrectLookupParameters(error) from error


class GuardedAdmin:
    """Mixed into the newsroom's ModelAdmins and inlines (first in the bases, by `guarded`): guarded id choices,
    dates kept inside the calendar, and the guarded change list."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if isinstance(db_field.target_field, models.IntegerField):
            kwargs.setdefault("form_class", RowChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if isinstance(db_field.target_field, models.IntegerField):
            kwargs.setdefault("form_class", RowMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, forms.DateTimeField | forms.SplitDateTimeField):
            formfield.validators.append(within_the_calendar)
        return formfield

    def get_changelist(self, request, **kwargs):
        return CalendarChangeList


def guarded(admin_class: type) -> type:
    """`admin_class` with GuardedAdmin first in its bases, and its inlines likewise."""
    if issubclass(admin_class, GuardedAdmin):
        return admin_class
    attributes = {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__}
    if inlines := getattr(admin_class, "inlines", None):
        attributes["inlines"] = [guarded(inline) for inline in inlines]
    return type(admin_class.__name__, (GuardedAdmin, admin_class), attributes)
