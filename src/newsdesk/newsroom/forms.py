from django import forms
from django.urls import reverse_lazy
from django_prose_editor.widgets import AdminProseEditorWidget

from newsdesk.news.models import Article, pictures_gone_from_library
from newsdesk.news.text import body_picture_problems

from .editing import ChangeKind

# What the body editor offers; Article.save() applies the site's own allow-list to whatever arrives anyway.
BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Strike": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "Paragraph": True,
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
        # "Browse..." in the Insert Figure dialog opens the image library's picker (news/admin.py).
        "Figure": {"pickerUrl": reverse_lazy("admin:news_image_picker")},
        "Caption": True,
        "Image": True,
        "History": True,
    }
}


class ArticleForm(forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_kind = forms.ChoiceField(
        label="What kind of change is this?",
        choices=ChangeKind.CHOICES,
        widget=forms.RadioSelect,
        # No default: under deadline a preselected "minor fix" sent new facts out unlabelled. The choice is
        # required wherever the field is shown (a live article); elsewhere the form drops the field.
        error_messages={
            "required": "Choose what kind of change this is: readers see updates and corrections."
        },
    )
    change_note = forms.CharField(
        label="Note to readers",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        help_text="Shown under the article with the change. Required for a correction.",
    )

    class Meta:
        model = Article
        fields = [
            "headline", "standfirst", "dateline", "body", "section", "article_type", "topics", "lead_image",
            "language", "slug", "is_breaking", "priority",
        ]  # fmt: skip
        widgets = {
            "body": AdminProseEditorWidget(config=BODY_EDITOR, preset="configurable"),
            "standfirst": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
            self.fields["base_version"].required = True
            self.fields["base_version"].error_messages["required"] = (
                "This form is missing the version it was opened at; reload the page and try again."
            )

    def clean_body(self):
        body = self.cleaned_data.get("body") or ""
        if problems := body_picture_problems(body):
            raise forms.ValidationError(problems)
        if gone := pictures_gone_from_library(body):
            raise forms.ValidationError(
                [
                    f"The picture “{src.rsplit('/', 1)[-1][:60]}” is not in the image library (it was deleted, or "
                    "never uploaded): take it out of the text, or choose another picture."
                    for src in gone
                ]
            )
        return body

    def clean_base_version(self):
        """A version this article has had. Our page sends the one it opened; anything else (-1, 2**63) would make
        the refused save's kept text fail to store (the revision's version column), losing it."""
        version = self.cleaned_data["base_version"]
        if self.instance.pk and version is not None and not 1 <= version <= self.instance.version:
            raise forms.ValidationError(
                "This form names a version the article never had; copy your text, reload the page and try again."
            )
        return version

    def clean(self):
        cleaned = super().clean()
        if (
            "change_kind" in self.fields
            and cleaned.get("change_kind") == ChangeKind.CORRECTION
            and not (cleaned.get("change_note") or "").strip()
        ):
            self.add_error("change_note", "A correction needs a note telling readers what was wrong.")
        return cleaned


class MoveForm(forms.Form):
    note = forms.CharField(required=False, max_length=2000)
    publish_at = forms.DateTimeField(required=False)
    # The version on the editor's screen (the editor's buttons always send it; an older client may not).
    seen_version = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1)

    def clean_publish_at(self):
        publish_at = self.cleaned_data["publish_at"]
        if publish_at and not 2000 <= publish_at.year <= 2999:
            raise forms.ValidationError("Choose a publication time this millennium.")
        return publish_at


class AutosaveForm(forms.Form):
    headline = forms.CharField(required=False, max_length=200)
    standfirst = forms.CharField(required=False, max_length=500)
    body = forms.CharField(required=False, max_length=500_000)

    def clean(self):
        # The editor's script always sends all three. A post with none of them (a client that lost its body)
        # would otherwise replace the kept copy with empty texts.
        if not any(name in self.data for name in self.fields):
            raise forms.ValidationError("This autosave carries no text (headline, standfirst or body).")
        return super().clean()
