from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "mentora.people"
    label = "people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Sign-ins are recorded (UserSession) and given their time limits.
        from mentora.people import sessions  # noqa: F401
