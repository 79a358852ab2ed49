from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SurveysConfig(AppConfig):
    name = "mentora.surveys"
    label = "surveys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from mentora.surveys.library import load_after_migrate

        post_migrate.connect(
            load_after_migrate, sender=self, dispatch_uid="mentora.surveys.library"
        )
