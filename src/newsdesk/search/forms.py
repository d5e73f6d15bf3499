from django import forms

from newsdesk.news.models import Article, Section

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
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput)

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
