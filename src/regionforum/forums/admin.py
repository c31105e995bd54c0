from django.contrib import admin

from regionforum.forums.models import (
    Delegation,
    Forum,
    Participant,
    ProgrammeDay,
    ProgrammeSession,
    Table,
    Unavailability,
)


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["number", "year", "host_cities", "announced_agreements", "announced_value"]
    search_fields = ["host_cities", "theme"]


class SessionInline(admin.TabularInline):
    model = ProgrammeSession
    extra = 0
    # Slots are made by the service that adds a session, so sessions are read here only.
    readonly_fields = ["title", "starts_at", "ends_at", "slot_minutes"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgrammeDay)
class ProgrammeDayAdmin(admin.ModelAdmin):
    list_display = ["on", "forum"]
    list_filter = ["forum"]
    inlines = [SessionInline]


@admin.register(Table)
class TableAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "forum"]
    list_filter = ["forum"]


class MemberInline(admin.TabularInline):
    model = Participant
    fk_name = "delegation"
    fields = ["ref", "name", "organisation"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["region", "leader_name", "leader_role", "forum"]
    list_filter = ["forum", "leader_role"]
    list_select_related = ["region", "forum"]
    inlines = [MemberInline]


class UnavailabilityInline(admin.TabularInline):
    model = Unavailability
    extra = 0


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["ref", "name", "organisation", "region", "forum"]
    list_filter = ["forum", "region__country"]
    list_select_related = ["organisation", "region", "forum"]
    search_fields = ["ref", "name", "organisation__name", "offers", "seeks"]
    raw_id_fields = ["organisation", "delegation", "user"]
    exclude = ["agenda_token"]
    inlines = [UnavailabilityInline]
