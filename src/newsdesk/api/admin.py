"""API tokens in the newsroom: only admins see, create, revoke or delete them."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model

from newsdesk.newsroom.roles import is_admin

from .models import KEY_PREFIX, ApiToken, Scope


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Grant only what the integration needs. No scope lets a token exceed its owner's role.",
    )

    class Meta:
        model = ApiToken
        fields = ["name", "owner", "scopes", "revoked"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            self.fields["owner"].queryset = get_user_model().objects.filter(is_staff=True, is_active=True)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "owner", "key_start", "scope_list", "created_at", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    list_select_related = ["owner"]
    search_fields = ["name", "prefix"]

    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_add_permission(self, request):
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_admin(request.user)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "owner", "scopes"]
        return ["name", "owner", "scopes", "revoked", "key_start", "created_at", "last_used_at"]

    def get_readonly_fields(self, request, obj=None):
        # A token keeps its owner for life: moving it to someone else would silently change what it may do.
        return [] if obj is None else ["owner", "key_start", "created_at", "last_used_at"]

    @admin.display(description="Key starts with")
    def key_start(self, token):
        return f"{KEY_PREFIX}{token.prefix}…"

    @admin.display(description="Scopes")
    def scope_list(self, token):
        return ", ".join(token.scopes) or "—"

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name", "scopes", "revoked"])
            return
        key = obj.set_new_key()
        obj.save()
        messages.warning(
            request,
            f"The key for “{obj.name}” is {key} — copy it now: it is stored only as a hash and is not shown again.",
        )
