"""The progress questionnaire: a versioned set of questions the partnership sends, round by
round, to its member agencies, asking what has changed (as the Children's Commissioner's 2015
follow-up of the inquiry did).

A questionnaire's questions can change only until it is first sent; after that a new version is
made. Questions keep a ``key`` across versions, so one round's answers can be set against the
last round's even when the wording was improved in between.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from seemehearme.areas.models import Agency, Area


class Questionnaire(models.Model):
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="questionnaires")
    title = models.CharField(max_length=200)
    series = models.SlugField(
        max_length=60, help_text="Shared by every version, so rounds of any version compare."
    )
    introduction = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    previous_version = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "-version"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_frozen(self) -> bool:
        """Sent at least once: its questions no longer change."""
        return self.rounds.exists()

    @property
    def is_latest(self) -> bool:
        return not hasattr(self, "next_version")


class QuestionKind(models.TextChoices):
    YES_NO_PARTLY = "yes_no_partly", "Yes, no or partly"
    NUMBER = "number", "A number"
    TEXT = "text", "Free text"
    SCALE = "scale", "A scale (for example 1 to 5)"


class Choice(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="questions"
    )
    key = models.SlugField(
        max_length=60, help_text="Stays the same across versions, so rounds can be compared."
    )
    order = models.PositiveIntegerField(default=0)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    scale_low = models.PositiveSmallIntegerField(default=1)
    scale_high = models.PositiveSmallIntegerField(default=5)
    scale_low_means = models.CharField(max_length=100, blank=True)
    scale_high_means = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "key"], name="question_key_unique_in_questionnaire"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Round(models.Model):
    """One sending of a questionnaire to some of the partnership's agencies."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField(max_length=100, help_text="For example 'Autumn 2026'.")
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.questionnaire.title}: {self.name}"

    @property
    def area_id(self) -> int:
        return self.questionnaire.area_id


class ResponseStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "Started, not sent"
    SUBMITTED = "submitted", "Answered"


class Response(models.Model):
    """One agency's answers to one round."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="responses")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.NOT_STARTED
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "agency"], name="one_response_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}: {self.round}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices, blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_a_question")
        ]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.display}"

    @property
    def value(self) -> object:
        """The answer in the form its question asks for, or None if not given."""
        kind = self.question.kind
        if kind == QuestionKind.YES_NO_PARTLY:
            return self.choice or None
        if kind in (QuestionKind.NUMBER, QuestionKind.SCALE):
            return self.number
        return self.text or None

    @property
    def display(self) -> str:
        """The answer in words, as a reader would say it."""
        value = self.value
        if value is None:
            return "no answer"
        if self.question.kind == QuestionKind.YES_NO_PARTLY:
            return Choice(self.choice).label.lower()
        if self.question.kind in (QuestionKind.NUMBER, QuestionKind.SCALE):
            return format_number(self.number)
        return str(value)


def format_number(number: object) -> str:
    """A number without needless decimals: 3, 2.5, 12.25."""
    if number is None:
        return "no answer"
    text = f"{number:f}" if not isinstance(number, int) else str(number)
    return text.rstrip("0").rstrip(".") if "." in text else text
