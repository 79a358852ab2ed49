from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "mentora.feedback"
    label = "feedback"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from mentora.feedback.counts import confirmed_toward_goal, observations_per_pair
        from mentora.mentorships.sources import count_goal_progress_with, count_observations_with

        count_observations_with(observations_per_pair)
        count_goal_progress_with(confirmed_toward_goal)
