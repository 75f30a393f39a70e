"""Case work around the child: referral, the case (an episode of concern), its key workers, the
child's own words, decisions, reviews and closure.

Nothing here is deleted: referrals are triaged, cases are closed, key workers are replaced, and
every change is kept in each model's history (django-simple-history: who, when, what changed).
Records that two people may edit at once carry a version (django-concurrency), so a second save
based on an old copy is refused instead of silently overwriting the first.
"""

from __future__ import annotations

import datetime as dt

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from seemehearme.areas.models import Agency, Area, Team
from seemehearme.areas.reference import offered_in_forms
from seemehearme.dates import long_date
from seemehearme.people.models import Child, WorkingRelationship

# --- Reference data ------------------------------------------------------------------------


class RiskLevel(models.Model):
    """A level of risk in one local scheme (e.g. 'at risk' / 'being exploited', or categories
    1 to 3). Reference data: ``rank`` orders levels within a scheme, higher is more serious."""

    scheme = models.SlugField(max_length=50)
    code = models.SlugField(max_length=50)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    rank = models.PositiveSmallIntegerField()
    is_active = offered_in_forms()
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="risk_level_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ClosureReason(models.Model):
    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=150)
    is_active = offered_in_forms()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReflectiveQuestion(models.Model):
    """The See Me, Hear Me framework's reflective questions, asked at every review."""

    class Group(models.TextChoices):
        VOICE_OF_THE_CHILD = "voice_of_the_child", "Voice of the child"
        VOICE_OF_THE_PROFESSIONAL = "voice_of_the_professional", "Voice of the professional"
        PROTECTING_THE_CHILD = "protecting_the_child", "Protecting the child"

    group = models.CharField(max_length=40, choices=Group.choices)
    code = models.SlugField(max_length=60, unique=True)
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    is_active = offered_in_forms()
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "order"]

    def __str__(self) -> str:
        return self.text


class AbusePattern(models.Model):
    """A pattern or model of sexual exploitation (the "boyfriend" model, peer-on-peer, online...)
    that a case may show. Reference data a local area looks after: retire and replace, never
    reword in use (docs/adr/0013-reference-data-retire-and-replace.md)."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField("display order", default=0)
    is_active = offered_in_forms()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "pattern of abuse"
        verbose_name_plural = "patterns of abuse"

    def __str__(self) -> str:
        return self.name


# --- Referral -------------------------------------------------------------------------------


class ReferralSource(models.TextChoices):
    AGENCY = "agency", "An agency"
    EARLY_WARNING = "early_warning", "An early-warning flag"
    COMMUNITY = "community", "A community concern"


class TriageDecision(models.TextChoices):
    OPEN_CASE = "open_case", "Open a case"
    ADD_TO_OPEN_CASE = "add_to_open_case", "Add to the child's open case"
    SCREEN_FIRST = "screen_first", "Screen before deciding"
    SIGNPOST = "signpost", "Signpost to other support"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


class Referral(models.Model):
    """A concern about a child, from any agency, an early-warning flag or the community."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="referrals")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(
        max_length=20, choices=ReferralSource.choices, default=ReferralSource.AGENCY
    )
    referring_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_made"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
    )
    referrer_description = models.CharField(
        max_length=200, blank=True, help_text="Who raised a community concern, if not staff."
    )
    received_at = models.DateTimeField(default=timezone.now)
    concerns = models.TextField()
    child_knows = models.BooleanField(
        null=True, blank=True, help_text="Whether the child knows about the referral."
    )
    holding_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="referrals")
    triage_due_at = models.DateTimeField()
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_triaged",
    )
    triage_decision = models.CharField(max_length=30, choices=TriageDecision.choices, blank=True)
    triage_reason = models.TextField(blank=True)
    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    version = IntegerVersionField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["holding_team", "triaged_at", "triage_due_at"])]
        constraints = [
            models.CheckConstraint(
                name="triage_is_complete_or_not_started",
                condition=(
                    Q(triaged_at__isnull=True, triage_decision="", triaged_by__isnull=True)
                    | (
                        Q(triaged_at__isnull=False, triaged_by__isnull=False)
                        & ~Q(triage_decision="")
                        & ~Q(triage_reason="")
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} received {long_date(self.received_at)}"

    @property
    def awaiting_triage(self) -> bool:
        return self.triaged_at is None

    def triage_overdue(self, now: dt.datetime | None = None) -> bool:
        return self.awaiting_triage and (now or timezone.now()) > self.triage_due_at


# --- The case -------------------------------------------------------------------------------


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Case(models.Model):
    """One episode of concern about a child, from opening to closure."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="cases")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    risk_level = models.ForeignKey(RiskLevel, on_delete=models.PROTECT, related_name="+")
    risk_reason = models.TextField(blank=True, help_text="Why the risk level is what it is.")
    risk_review_due = models.TextField(
        blank=True,
        help_text=(
            "Why the risk level should be reviewed now (for example, a screening judged higher "
            "than it); empty once someone has reviewed it."
        ),
    )
    next_review_due = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_reason = models.ForeignKey(
        ClosureReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_summary = models.TextField(blank=True)
    version = IntegerVersionField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="open"),
                name="one_open_case_per_child",
            ),
            models.CheckConstraint(
                name="closed_cases_say_when_and_why",
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False, closure_reason__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk} ({self.get_status_display().lower()})"

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN


class KeyWorkerAssignment(models.Model):
    """One key worker's time with the child on a case. A change records why, and whether and
    how the child was told: the framework asks for the same trusted person over time."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="key_workers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="key_worker_for"
    )
    relationship = models.OneToOneField(
        WorkingRelationship, on_delete=models.PROTECT, related_name="key_worker_assignment"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(help_text="Why this person, or why the change.")
    child_told = models.BooleanField()
    child_told_how = models.TextField(blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(ended_at__isnull=True),
                name="one_current_key_worker_per_case",
            ),
            models.CheckConstraint(name="key_worker_change_has_a_reason", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.user} from {long_date(self.started_at)}"


class CasePattern(models.Model):
    """A pattern of abuse recorded on a case: who recorded it, when and why they think so. Taking
    it off the case ends the record (who, when, why) rather than deleting it, so the case and
    the child's chronology keep what was thought at the time."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="patterns")
    pattern = models.ForeignKey(AbusePattern, on_delete=models.PROTECT, related_name="+")
    why = models.TextField("why we think so")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    removed_why = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = "pattern recorded on a case"
        verbose_name_plural = "patterns recorded on cases"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "pattern"],
                condition=Q(removed_at__isnull=True),
                name="a_pattern_is_recorded_once_per_case",
            ),
            models.CheckConstraint(name="a_pattern_on_a_case_says_why", condition=~Q(why="")),
        ]

    def __str__(self) -> str:
        return f"{self.pattern} from {long_date(self.recorded_at)}"


# --- The child's voice and decisions --------------------------------------------------------


class VoiceKind(models.TextChoices):
    OWN_WORDS = "own_words", "In their own words"
    WISHES_AND_FEELINGS = "wishes_and_feelings", "Wishes and feelings"
    WHAT_I_WANT = "what_i_want", "What I want to happen"


class CaptureMethod(models.TextChoices):
    IN_PERSON = "in_person", "Face to face"
    PHONE = "phone", "Phone call"
    MESSAGE = "message", "Text or online message"
    WRITING = "writing", "Their own writing or drawing"
    ADVOCATE = "advocate", "Through an advocate"
    OTHER = "other", "Another way"


class VoiceEntry(models.Model):
    """What the child said, exactly as they said it, with how, where and with whom."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="voice")
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="voice"
    )
    kind = models.CharField(max_length=30, choices=VoiceKind.choices)
    words = models.TextField(help_text="The child's words, unedited.")
    captured_how = models.CharField(max_length=20, choices=CaptureMethod.choices)
    captured_with = models.CharField(
        max_length=200, blank=True, help_text="Who the child was talking to."
    )
    captured_where = models.CharField(max_length=200, blank=True)
    context = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the words were first recorded, when that was not this form (the title "
        "of the agency record they were moved from).",
    )
    said_on = models.DateField()
    source_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty only for words moved from an agency record that did not say who.",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-said_on", "-id"]
        verbose_name_plural = "voice entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({long_date(self.said_on)})"

    @property
    def how_said(self) -> str:
        """How, with whom and where the child said it, as far as it was recorded (in lower
        case, to follow a date or a kind: "face to face with her form tutor, school")."""
        parts = [self.get_captured_how_display().lower()]
        if self.captured_with:
            parts[0] += f" with {self.captured_with}"
        if self.captured_where:
            parts.append(self.captured_where)
        if self.context:
            parts.append(self.context)
        return ", ".join(parts)


class Decision(models.Model):
    """A decision about the child. It says whether the child took part; if they did, what they
    think and how that was weighed; if not, why not."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    made_on = models.DateField(default=timezone.localdate)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    source_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    child_took_part = models.BooleanField()
    child_view = models.TextField(
        blank=True, help_text="What the child thinks, in their words if possible."
    )
    how_weighed = models.TextField(blank=True, help_text="How the child's view was weighed.")
    why_without_child = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="decision_without_child_says_why",
                condition=Q(child_took_part=True) | ~Q(why_without_child=""),
            ),
            models.CheckConstraint(
                name="decision_with_child_weighs_their_view",
                condition=Q(child_took_part=False) | (~Q(child_view="") & ~Q(how_weighed="")),
            ),
        ]

    def __str__(self) -> str:
        return self.summary


# --- Reviews ------------------------------------------------------------------------------


class Engagement(models.TextChoices):
    GOOD = "good", "Engaging well with their key worker"
    SOME = "some", "Some engagement"
    NONE = "none", "Not engaging"
    NOT_KNOWN = "not_known", "Not known"


class ChildSaysThings(models.TextChoices):
    BETTER = "better", "Better"
    SAME = "same", "About the same"
    WORSE = "worse", "Worse"
    NOT_ASKED = "not_asked", "The child did not say"


class Review(models.Model):
    """A periodic review of the case with its outcome measures."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    missing_episodes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Missing episodes since the last review."
    )
    school_attendance_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    engagement = models.CharField(max_length=20, choices=Engagement.choices)
    risk_level_before = models.ForeignKey(RiskLevel, on_delete=models.PROTECT, related_name="+")
    risk_level_after = models.ForeignKey(RiskLevel, on_delete=models.PROTECT, related_name="+")
    child_says_things_are = models.CharField(max_length=20, choices=ChildSaysThings.choices)
    child_words = models.TextField(blank=True, help_text="What the child said, as they said it.")
    summary = models.TextField()
    next_review_due = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="attendance_is_a_percentage",
                condition=Q(school_attendance_percent__isnull=True)
                | Q(school_attendance_percent__lte=100),
            ),
        ]

    def __str__(self) -> str:
        return f"Review on {long_date(self.held_on)}"


class ReflectiveAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="reflections")
    question = models.ForeignKey(ReflectiveQuestion, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "question"], name="one_answer_per_question_per_review"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.answer}"
