from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "mentora.programs"
    label = "programs"
    default_auto_field = "django.db.models.BigAutoField"
