from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "mentora.people"
    label = "people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Sign-ins are recorded (UserSession) and given their time limits, and remember the
        # person's time zone (each page shows their clock: mentora/people/zones.py).
        from mentora.people import sessions, zones  # noqa: F401
