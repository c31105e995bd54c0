from django.contrib import admin

from regionforum.forums.models import Forum


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["number", "year", "host_cities", "announced_agreements", "announced_value"]
    search_fields = ["host_cities", "theme"]
