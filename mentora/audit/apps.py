from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mentora.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from mentora.audit.record import connect_sign_in_events

        connect_sign_in_events()
