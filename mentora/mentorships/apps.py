from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "mentora.mentorships"
    label = "mentorships"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Programs come before mentorships in the data flow and never import them; so this app
        # sets up each new program (topics, agreement and plan templates) as it is created.
        from django.db.models.signals import post_save

        from mentora.mentorships.actions.setup import set_up_new_program
        from mentora.programs.models import Program

        post_save.connect(
            set_up_new_program, sender=Program, dispatch_uid="mentorships.set_up_new_program"
        )
