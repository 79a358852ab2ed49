from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class JobsConfig(AppConfig):
    name = "mentora.jobs"
    label = "jobs"
    verbose_name = "Jobs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from mentora.jobs.schedules import register_schedules

        # After every migrate (and flush): the recurring work exists, once, with today's code.
        post_migrate.connect(register_schedules, sender=self, dispatch_uid="jobs-schedules")
