from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "regionforum.analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        from regionforum.analytics.triggers import triggers_after_migrate

        post_migrate.connect(triggers_after_migrate, sender=self)
