from __future__ import annotations

from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "mentora.engagement"
    label = "engagement"
    verbose_name = "Engagement"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The mentor dossier's training section reads the trainings a mentor attended.
        from mentora.engagement.events import training_of
        from mentora.feedback.dossier import read_training_with

        read_training_with(training_of)
