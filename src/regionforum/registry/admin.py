from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from regionforum.registry.models import (
    Agreement,
    ExchangeRate,
    ImportBatch,
    Milestone,
    Money,
    Organisation,
    OrganisationAlias,
    Party,
    SourceRecord,
)


class AliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_ru", "name_be", "name_en", "kind", "region"]
    list_filter = ["kind", "region__country"]
    search_fields = ["name", "name_ru", "name_be", "name_en", "key", "aliases__name"]
    list_select_related = ["region"]
    inlines = [AliasInline]
    raw_id_fields = ["merged_into"]


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    raw_id_fields = ["organisation"]


class MoneyInline(admin.StackedInline):
    model = Money
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class SourceInline(admin.TabularInline):
    model = SourceRecord
    extra = 0
    fields = ["file_name", "row", "ref", "reporter", "match_reason"]
    readonly_fields = fields
    can_delete = False


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "signed_on", "forum", "status", "is_synthetic", "withdrawn"]
    list_filter = ["kind", "status", "forum", "is_synthetic", "withdrawn"]
    search_fields = ["title", "sector"]
    list_select_related = ["forum"]
    date_hierarchy = "signed_on"
    inlines = [PartyInline, MoneyInline, MilestoneInline, SourceInline]

    def get_queryset(self, request):
        # The secretariat sees withdrawn agreements here too, to look into them.
        return Agreement.all_objects.all()


@admin.register(SourceRecord)
class SourceRecordAdmin(admin.ModelAdmin):
    list_display = ["file_name", "row", "ref", "reporter", "agreement", "withdrawn_at"]
    search_fields = ["file_name", "ref"]
    raw_id_fields = ["agreement", "batch", "withdrawn_by"]

    def get_queryset(self, request):
        return SourceRecord.all_objects.all()


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["file_name", "reporter", "created_at", "imported_by"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["on", "currency", "units_per_usd", "source"]
    list_filter = ["currency", "source"]
