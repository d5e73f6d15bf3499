from allauth.account.forms import SignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password

from newsdesk.news.forms import RowMultipleChoiceField
from newsdesk.news.models import Section

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        max_length=150, required=False, help_text="Shown on your account page and in emails to you."
    )
    preferred_sections = RowMultipleChoiceField(
        queryset=Section.objects.order_by("order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Their stories appear in My news.",
    )

    def clean(self):
        # The page's form always sends display_name (empty or not); a body without it (JSON, a stray multipart
        # post) would otherwise read as "clear the name and unfollow every section".
        if "display_name" not in self.data:
            raise forms.ValidationError(
                "The form arrived incomplete, so nothing was changed. Please send it again."
            )
        return super().clean()

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        # Control characters, and the bidirectional embeddings, overrides and isolates that make a name show as
        # something else ("\u202enimda" reads "admin"). Zero-width joiners stay: Persian names and emoji need them.
        if any(ord(char) < 32 or char in BIDI_CONTROLS for char in name):
            raise forms.ValidationError("Use letters, numbers and punctuation only.")
        return name


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}), max_length=4096
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class ReaderSignupForm(SignupForm):
    """allauth's sign-up form with its honeypot hidden by our stylesheet: our CSP refuses inline style attributes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD
        if honeypot in self.fields:
            self.fields[honeypot].label = "Leave this field empty"
            self.fields[honeypot].widget.attrs = {
                "class": "honeypot",
                "tabindex": "-1",
                "autocomplete": "off",
                "aria-label": "Leave this field empty",
            }

    def try_save(self, request):
        # A new account costs a password hash; an address already registered costs only a mail. Hash anyway, so
        # the answer's timing does not tell which emails have accounts (reliability row 9).
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
