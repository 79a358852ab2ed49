from django.apps import AppConfig


class QualitativeConfig(AppConfig):
    name = "mentora.qualitative"
    label = "qualitative"
    default_auto_field = "django.db.models.BigAutoField"
