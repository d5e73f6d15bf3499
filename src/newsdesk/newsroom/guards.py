"""Input no browser sends, refused by the newsroom's admin pages the way they refuse any mistake.

Django's admin trusts a few things a tampered request can break: that a chosen id fits the id column, and that a
date a person types or drills down to can be converted to UTC and back. The newsroom's admin site puts
`GuardedAdmin` first in the bases of every ModelAdmin registered with it and of their inlines (`guarded`), ours and
the libraries' alike, so such input is a form error or a bad lookup (`?e=1`), never a 500.
"""

from datetime import datetime

from django import forms
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import models

from newsdesk.news.forms import RowChoiceField, RowMultipleChoiceField


def within_the_calendar(moment: datetime | None) -> None:
    """A moment in the first or last year a datetime can hold may fall off the calendar when it is converted to UTC
    to be stored, or to a site's time zone to be shown (OverflowError): 0001-01-01 00:00 in Baku comes before the
    first moment UTC can hold. A day's margin inside those years is enough for every time zone."""
    if moment is not None and not 2 <= moment.year <= 9998:
        raise ValidationError("Enter a date between the years 2 and 9998.", code="out_of_calendar")


class CalendarChangeList(ChangeList):
    """The change list, with dates past the calendar's edges answered as bad lookup parameters, which the admin
    redirects to `?e=1`. Django refuses an impossible date (31 February) but not a drill-down whose end has no next
    year (9999), nor a date that only falls off the calendar in UTC, where the query takes it (1 January of year 1
    in Baku, from the drill-down or from `?published_at__gte=0001-01-01`)."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

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
