"""Two-factor sign-in for the newsroom (TOTP, by django-otp): the login form, the set-up page and the role rule."""

from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

CODE_MESSAGE = "Enter the 6-digit code from your authenticator app."


# Set on a session that signed in without the code (the readers' sign-in) by someone who has two-factor sign-in on.
NEEDS_SECOND_FACTOR = "newsroom-needs-second-factor"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def required_for(user) -> bool:
    """Whether this person's role must sign in with a second factor (NEWSDESK_TWO_FACTOR_ROLES)."""
    roles = settings.NEWSDESK_TWO_FACTOR_ROLES
    if not roles or not user.is_authenticated or not user.is_staff:
        return False
    return (user.is_superuser and "Admin" in roles) or user.groups.filter(name__in=roles).exists()


class NewsroomLoginForm(AdminAuthenticationForm):
    """Password, then the authenticator code for anyone who has turned two-factor sign-in on."""

    otp_token = forms.CharField(
        label="Authentication code",
        required=False,
        max_length=8,
        help_text="Only if you have turned on two-factor sign-in.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_username(self):
        # AuthenticationForm sets max_length after its validators are built, so it is never enforced; an
        # over-long name would reach the sign-in audit trail (django-axes, a 255-character column) and fail there.
        username = self.cleaned_data["username"]
        if len(username) > 150:
            raise forms.ValidationError("Usernames have at most 150 characters.")
        return username

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        device = confirmed_device(user) if user else None
        if device is not None:
            token = (cleaned.get("otp_token") or "").strip()
            if not (token.isdigit() and device.verify_token(token)):
                raise forms.ValidationError(CODE_MESSAGE, code="invalid_token")
            # Kept through the session key rotation at login; OTPMiddleware reads it on every request.
            self.request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        return cleaned


class ConfirmDeviceForm(forms.Form):
    token = forms.CharField(label="Code from the app", max_length=8, strip=True)


def _qr_svg(data: str) -> str:
    buffer = BytesIO()
    qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(buffer)
    return buffer.getvalue().decode()


def setup(request):
    """Turns on two-factor sign-in: scan the code, type one code back, and the device is confirmed."""
    if not request.user.is_staff:
        return redirect("admin:login")
    if confirmed_device(request.user):
        return render(request, "newsroom/two_factor.html", {"enabled": True, "title": "Two-factor sign-in"})
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator"}
    )
    form = ConfirmDeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if token.isdigit() and device.verify_token(token):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is on. You will need a code each time you sign in.")
            return redirect("admin:index")
        form.add_error(
            "token", "That code did not match; check the time on your phone and try the newest code."
        )
    context = {
        "form": form,
        "title": "Turn on two-factor sign-in",
        "required": required_for(request.user),
        "secret": device.config_url.split("secret=")[1].split("&")[0],
        "qr_svg": mark_safe(_qr_svg(device.config_url)),
    }
    return render(request, "newsroom/two_factor.html", context)
