from django import forms
from django.core.validators import slug_re

from newsdesk.news.models import Article, Author, Section, Source, Topic

from .filters import SearchFilters
from .query import MAX_PAGE, ORDERS


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=10_000, strip=True)
    section = forms.ModelChoiceField(
        queryset=Section.objects.all(), required=False, to_field_name="slug", empty_label="All sections"
    )
    type = forms.ChoiceField(choices=[("", "All types"), *Article.Type.choices], required=False)
    author = forms.SlugField(required=False, max_length=80, widget=forms.HiddenInput)
    topic = forms.SlugField(required=False, max_length=80, widget=forms.HiddenInput)
    source = forms.SlugField(required=False, max_length=80, widget=forms.HiddenInput)
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    order = forms.ChoiceField(
        choices=[(order, order.capitalize()) for order in ORDERS], required=False, initial="relevance"
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "The page of results must be a whole number.",
            "min_value": "Result pages are numbered from 1.",
            "max_value": f"Only the first {MAX_PAGE} pages of results are shown: add a word or a filter instead.",
        },
    )

    SCOPES = {"topic": Topic, "author": Author, "source": Source}

    def scopes(self) -> list[tuple[str, str, str, str]]:
        """The topic, author or source a search was started from (their pages' search boxes), as (field, kind,
        name, value) for the page to show as a choice the reader can see and drop. Kept as sent when the form
        has errors elsewhere; one query for each that is present."""
        found = []
        for field, model in self.SCOPES.items():
            value = str(self.data.get(field) or "")[:80] if self.is_bound else ""
            if not value:
                continue
            # Only a slug is looked up: anything else (PostgreSQL refuses a NUL in a query) is shown as sent.
            is_slug = slug_re.fullmatch(value) is not None
            name = (
                is_slug and model.objects.filter(slug=value).values_list("name", flat=True).first()
            ) or value
            found.append((field, model._meta.verbose_name, name, value))
        return found

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "This date is before the “From” date: swap them or change one.")
        return data

    def searches(self) -> bool:
        """Whether there is anything to look for: words, or filters alone (which list their stories)."""
        return self.is_valid() and bool(self.cleaned_data["q"] or self.filters_chosen())

    def filters_chosen(self) -> bool:
        return self.is_valid() and self.filters() != SearchFilters()

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            section=data["section"].slug if data.get("section") else "",
            author=data.get("author") or "",
            topic=data.get("topic") or "",
            source=data.get("source") or "",
            article_type=data.get("type") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
