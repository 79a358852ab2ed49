"""A coding project: its sources, codebook (with every change), coders, codings, memos and the
samples double coded blind. Writes go through `mentora.qualitative.actions` alone."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import models
from django.urls import reverse

from mentora.people.models import Person
from mentora.programs.models import Cohort
from mentora.surveys.models import Response


class Valence(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"
    MIXED = "mixed", "Mixed"
    NEUTRAL = "neutral", "Neutral"


class Project(models.Model):
    """One coding project of a cohort (so of its program)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="qda_projects")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    codebook_version = models.PositiveIntegerField(
        default=0, help_text="Raised by every change of the codebook."
    )
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    redactions = models.TextField(
        blank=True, help_text="Words blacked out of every export (services, rotations...), "
                              "one a line.")
    redact_names = models.BooleanField(
        default=True, help_text="Black out the names of the cohort's people in every export.")

    class Meta:
        ordering = ["cohort_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="qda_one_project_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("qda_project", args=[self.pk])


class Coder(models.Model):
    """An evaluator assigned to code in a project; a lead also adjudicates and keeps the
    codebook."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="coders")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="qda_coders")
    is_lead = models.BooleanField(default=False)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["person__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="qda_one_coder_a_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.project}"


class Source(models.Model):
    """A text coded: a survey comment (one respondent's answer to one question at one wave) or a
    transcript. Text is stored normalised (mentora.qualitative.pure.text)."""

    class Kind(models.TextChoices):
        COMMENT = "comment", "Survey comment"
        INTERVIEW = "interview", "Interview transcript"
        FOCUS_GROUP = "focus_group", "Focus-group transcript"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=200)
    text = models.TextField()
    # Who said it, pseudonymously, and where it sits: joins the survey scores (mixed methods)
    # and one respondent's comments across waves.
    respondent = models.CharField(max_length=40, blank=True, help_text="Pseudonymous id.")
    role = models.CharField(max_length=20, blank=True)
    cohort_label = models.CharField(max_length=120, blank=True)
    wave = models.CharField(max_length=120, blank=True)
    group = models.CharField(max_length=100, blank=True)
    question = models.CharField(max_length=100, blank=True, help_text="The item's variable.")
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    speakers = models.JSONField(default=list, blank=True, help_text="[speaker, start, end].")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "response", "question"], name="qda_one_source_an_answer",
                condition=models.Q(response__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("qda_source", args=[self.project_id, self.pk])


class Code(models.Model):
    """A code of the codebook, under a parent or at the top; one name may stand under two
    parents. A code merged into another or split is retired (kept for the codings and the
    history), not deleted."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=120)
    definition = models.TextField(blank=True)
    colour = models.CharField(max_length=7, default="#1f77b4")
    retired = models.BooleanField(default=False)
    created_in = models.PositiveIntegerField(help_text="Codebook version that made it.")

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "parent", "name"], name="qda_one_name_a_parent",
                condition=models.Q(retired=False, parent__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["project", "name"], name="qda_one_top_name",
                condition=models.Q(retired=False, parent__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CodebookChange(models.Model):
    """One change of the codebook; `version` is the codebook's version after it."""

    class Kind(models.TextChoices):
        CREATE = "create", "Created"
        RENAME = "rename", "Renamed"
        DEFINE = "define", "Definition or colour changed"
        MOVE = "move", "Moved"
        MERGE = "merge", "Merged"
        SPLIT = "split", "Split"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(
        Code, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="The code merged into, or the new code of a split.",
    )
    detail = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["version", "pk"]

    def __str__(self) -> str:
        return f"v{self.version} {self.kind} {self.code_id}"


class Coding(models.Model):
    """A code applied to a segment [start, end) of a source (code points), with its valence, by
    a coder in their own layer, or the adjudicated consensus."""

    class Layer(models.TextChoices):
        CODER = "coder", "Coder's own"
        CONSENSUS = "consensus", "Adjudicated consensus"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="codings")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="codings")
    code = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="codings")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="What the segment selected, to find drift.")
    valence = models.CharField(max_length=8, choices=Valence.choices, default=Valence.NEUTRAL)
    coder = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="qda_codings")
    layer = models.CharField(max_length=9, choices=Layer.choices, default=Layer.CODER)
    codebook_version = models.PositiveIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["source_id", "start", "end", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")),
                                   name="qda_segment_not_empty"),
            models.UniqueConstraint(
                fields=["source", "code", "coder", "layer", "start", "end"],
                name="qda_one_coding_a_segment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} [{self.start}, {self.end})"


class CodedUnit(models.Model):
    """A coder has coded this source (so a code they did not apply there is a 'no')."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="coded_by")
    coder = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "coder"], name="qda_coded_once")
        ]

    def __str__(self) -> str:
        return f"source {self.source_id} coded by {self.coder_id}"


class Memo(models.Model):
    """A coder's note on the project, a source or a code."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memos")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    code = models.ForeignKey(
        Code, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"memo {self.pk}"


class Sample(models.Model):
    """A random sample of a project's sources, coded blind by two or more coders."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="samples")
    percent = models.PositiveSmallIntegerField()
    seed = models.PositiveIntegerField()
    sources = models.ManyToManyField(Source, related_name="samples")
    coders = models.ManyToManyField(Person, related_name="qda_samples")
    drawn_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    drawn_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Sample {self.pk} of {self.project}"


class Adjudication(models.Model):
    """The consensus on one code in one unit of a sample: applied (its consensus codings are in
    the consensus layer) or not."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="adjudications")
    code = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+")
    applies = models.BooleanField()
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "code"], name="qda_one_adjudication")
        ]

    def __str__(self) -> str:
        return f"code {self.code_id} in source {self.source_id}"


class Suggestion(models.Model):
    """A code proposed for an uncoded comment, from what is already coded (a background job,
    mentora.qualitative.suggestions); never a valence. It counts only when a coder accepts it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="suggestions")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="suggestions")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="suggestions")
    score = models.FloatField(help_text="Cosine similarity with the code's coded units, 0 to 1.")
    method = models.CharField(max_length=12, help_text="embeddings or tf-idf.")
    from_consensus = models.BooleanField(
        default=False, help_text="A sampled source's: drawn from consensus codings alone.")
    codebook_version = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["source_id", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "code"], name="qda_one_suggestion")
        ]

    def __str__(self) -> str:
        return f"code {self.code_id} for source {self.source_id}"


class SuggestionDecision(models.Model):
    """A coder accepted (their coding made through the usual door) or rejected a suggestion."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE,
                                   related_name="decisions")
    coder = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    accepted = models.BooleanField()
    coding = models.ForeignKey(Coding, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "coder"],
                                    name="qda_one_decision_a_coder")
        ]

    def __str__(self) -> str:
        return f"suggestion {self.suggestion_id} {'accepted' if self.accepted else 'rejected'}"
