from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from regionforum.strategy.models import (
    Indicator,
    IndicatorValue,
    Programme,
    Project,
    ProjectMilestone,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_on", "ends_on", "is_synthetic"]


class MilestoneInline(admin.TabularInline):
    model = ProjectMilestone
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "priority", "status", "due_on"]
    list_filter = ["priority", "status", "programme"]
    search_fields = ["title", "sector"]
    filter_horizontal = ["regions"]
    inlines = [MilestoneInline, IndicatorInline]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "unit", "baseline", "target", "target_year"]
    inlines = [IndicatorValueInline]
