from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "mentora.feedback"
    label = "feedback"
    default_auto_field = "django.db.models.BigAutoField"
