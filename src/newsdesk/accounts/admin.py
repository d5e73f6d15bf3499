from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class NewsdeskUserAdmin(UserAdmin):
    fieldsets = [*UserAdmin.fieldsets, ("Newsroom", {"fields": ["desk_sections"]})]
    filter_horizontal = [*UserAdmin.filter_horizontal, "desk_sections"]
