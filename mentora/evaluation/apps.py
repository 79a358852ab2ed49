from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "mentora.evaluation"
    label = "evaluation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from mentora.evaluation import signals

        signals.connect()
