"""SMART goals with GROW fields and counted progress ("3 of 5 done"), and action items."""

from __future__ import annotations

from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse

from mentora.mentorships.models.idp import DevelopmentPlan
from mentora.mentorships.models.meetings import Meeting
from mentora.mentorships.models.mentorship import Mentorship
from mentora.mentorships.sources import goal_progress
from mentora.people.models import Person
from mentora.programs.models import Program


class Framework(models.Model):
    """A competency framework: site-wide (no program: the ACGME core competencies, the AAMC
    Core EPAs) or a program's own, which its coordinators add and fill."""

    name = models.CharField(max_length=200)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="frameworks"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="one_framework_name_each")
        ]

    def __str__(self) -> str:
        return self.name


class Competency(models.Model):
    """An item of a framework (code, name, order): goals and mentors' entries map to these."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=16)
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework__position", "framework_id", "position"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="one_code_per_framework")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


def competencies_for(program: Program) -> QuerySet[Competency]:
    """The items a program's goals and entries may map to: site-wide frameworks and its own."""
    return Competency.objects.filter(
        Q(framework__program__isnull=True) | Q(framework__program=program)
    ).select_related("framework")


class GoalManager(models.Manager["Goal"]):
    def get_queryset(self) -> models.QuerySet[Goal]:
        """Every goal read carries `elsewhere`: what counts toward it from later parts."""
        return super().get_queryset().annotate(elsewhere=goal_progress())


class Goal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "In progress"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Dropped"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    plan = models.ForeignKey(
        DevelopmentPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="goals"
    )
    competencies = models.ManyToManyField(Competency, blank=True, related_name="goals")
    # SMART
    specific = models.CharField("specific: what exactly", max_length=300)
    target_count = models.PositiveSmallIntegerField(
        "measure: target", null=True, blank=True, help_text="How many, e.g. 5."
    )
    unit = models.CharField(
        "measure: of what", max_length=120, blank=True,
        help_text="e.g. supervised shoulder reductions",
    )
    achievable = models.TextField("achievable: how", blank=True)
    relevant = models.TextField("relevant: why it matters", blank=True)
    due_on = models.DateField("time-bound: due date", null=True, blank=True)
    # GROW
    reality = models.TextField(blank=True)
    options = models.TextField(blank=True)
    will = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    achieved_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    # Every edit checks and bumps the version the editor's page showed (do_set_goal), so that of
    # two people editing at once the second is told, and nobody's change is lost.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    objects = GoalManager()

    class Meta:
        ordering = ["status", "due_on", "pk"]

    def __str__(self) -> str:
        return self.specific

    def get_absolute_url(self) -> str:
        return reverse("goal", args=[self.pk])

    def counted_elsewhere(self) -> int:
        """Entries toward this goal kept by later parts (confirmed procedures: see
        mentora.mentorships.sources), read with the goal by its manager."""
        counted = getattr(self, "elsewhere", None)
        if counted is None:  # a goal just created, not read back
            counted = getattr(Goal.objects.get(pk=self.pk), "elsewhere", 0)
        return counted or 0

    def progress_done(self) -> int:
        return sum(entry.count for entry in self.progress.all()) + self.counted_elsewhere()

    def measure_label(self) -> str:
        if self.target_count is None:
            return ""
        return f"{min(self.progress_done(), self.target_count)} of {self.target_count} {self.unit}"


class GoalProgress(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    on = models.DateField()
    count = models.PositiveSmallIntegerField(default=1)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"+{self.count} on {self.on}"


class ActionItem(models.Model):
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="action_items"
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    text = models.CharField("action", max_length=300)
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="action_items")
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["done_on", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text
