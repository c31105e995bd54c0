from django.contrib import admin

from regionforum.gazetteer.models import Country, Region, RegionName


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ru", "name_be"]


class RegionNameInline(admin.TabularInline):
    model = RegionName
    extra = 1


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ru", "name_be", "country", "is_iso"]
    list_filter = ["country", "is_iso"]
    search_fields = ["code", "name_en", "name_ru", "name_be"]
    inlines = [RegionNameInline]
