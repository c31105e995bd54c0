"""The coordinator's forms for a project: its own fields, its milestones, a reported value."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regionforum.safetext import TextCheckedForm
from regionforum.strategy.models import Indicator, IndicatorValue, Project, ProjectMilestone


class ProjectForm(TextCheckedForm, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["theme", "status", "starts_on", "due_on", "description"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, due = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts and due and due < starts:
            self.add_error("due_on", _("The project ends before it starts."))
        return cleaned


class MilestoneForm(TextCheckedForm, forms.ModelForm):
    pass


MilestoneFormSet = forms.inlineformset_factory(
    Project,
    ProjectMilestone,
    form=MilestoneForm,
    fields=["title", "due_on", "done_on"],
    widgets={
        "due_on": forms.DateInput(attrs={"type": "date"}),
        "done_on": forms.DateInput(attrs={"type": "date"}),
    },
    extra=1,
    can_delete=True,
)


class IndicatorValueForm(TextCheckedForm, forms.ModelForm):
    """A value reported for one of the project's indicators (blank: none reported)."""

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "on", "value", "source"]
        widgets = {"on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicator = self.fields["indicator"]
        assert isinstance(indicator, forms.ModelChoiceField)
        indicator.queryset = Indicator.objects.filter(project=project)
        for name in self.fields:
            self.fields[name].required = False

    def has_changed(self) -> bool:
        return bool(self.data.get(self.add_prefix("value")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.has_changed():
            for name in ("indicator", "on", "value"):
                if cleaned.get(name) in (None, ""):
                    self.add_error(name, _("This field is required."))
        return cleaned

    def validate_unique(self) -> None:
        # A value already reported for that date is replaced, not refused (see the view).
        return
