"""Screening a child for risk of sexual exploitation against the inquiry's checklist.

The indicators (15 vulnerabilities, 14 warning signs) and the scoring schemes are reference
data with a version, seeded by a migration and editable by an administrator. A screening keeps
every answer with its evidence, who knows it and when it was seen, and stores the result it
reached with the lines that explain it, so the record reads the same after a scheme changes.
Professional judgement may override the scored level, always with a reason.
"""

from __future__ import annotations

import datetime as dt

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from seemehearme.areas.models import Agency
from seemehearme.cases.models import Case, Referral
from seemehearme.dates import long_date
from seemehearme.people.models import Child
from seemehearme.sharing.models import InformationCategory

# --- Reference data ------------------------------------------------------------------------


class IndicatorSet(models.Model):
    """A published checklist of indicators (for example the inquiry's 2012 lists, version 1).

    A new wording is a new set with a higher version; old screenings keep pointing at the set
    they were answered against. Only one set is current at a time.
    """

    code = models.SlugField(max_length=50)
    version = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=200)
    published_on = models.DateField()
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="indicator_set_version"),
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class IndicatorKind(models.TextChoices):
    VULNERABILITY = "vulnerability", "Vulnerability"
    WARNING_SIGN = "warning_sign", "Warning sign"


class SerafLevel(models.TextChoices):
    """How SERAF weighs a warning sign (see docs/screening.md for the mapping)."""

    SIGNIFICANT = "significant", "Significant"
    MODERATE = "moderate", "Moderate"


class Indicator(models.Model):
    """One vulnerability or warning sign from a checklist, worded exactly as published.

    ``category`` says what kind of information the evidence usually is, so that evidence from
    another agency is shown only where an information-sharing agreement covers it.
    """

    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.PROTECT, related_name="indicators"
    )
    kind = models.CharField(max_length=20, choices=IndicatorKind.choices)
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    seraf_level = models.CharField(max_length=20, choices=SerafLevel.choices, blank=True)
    category = models.ForeignKey(InformationCategory, on_delete=models.PROTECT, related_name="+")
    # The public pages' words for it (docs/public-pages.md); blank shows ``text`` instead.
    public_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="How the public pages say it to adults, in plain English. Blank shows the "
        "official wording.",
    )
    young_person_text = models.CharField(
        max_length=300,
        blank=True,
        help_text='How the young people\'s page says it, to the reader ("you"). Blank shows '
        "the plain-English wording, or the official one.",
    )

    class Meta:
        ordering = ["indicator_set", "kind", "number"]  # vulnerabilities, then warning signs
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "kind", "number"], name="indicator_number_in_set"
            ),
            models.CheckConstraint(
                name="only_warning_signs_have_a_seraf_level",
                condition=Q(kind="warning_sign") | Q(seraf_level=""),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def public_wording(self) -> str:
        """What the public pages show adults: the plain-English wording, else the official."""
        return self.public_text or self.text

    @property
    def young_person_wording(self) -> str:
        """What the young people's page shows: their wording, else the adults' public one."""
        return self.young_person_text or self.public_wording


class ScoringScheme(models.Model):
    """How answers become a level: configuration in ``rules``, read by ``screening.scoring``.

    The shape of ``rules`` is described in docs/screening.md and checked by
    :func:`seemehearme.screening.scoring.rules_check` before a scheme is saved.
    """

    code = models.SlugField(max_length=50)
    version = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    rules = models.JSONField()
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="scoring_scheme_version"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from seemehearme.screening.scoring import rules_check

        rules_check(self.rules)

    def band_label(self, code: str) -> str:
        for band in self.rules.get("bands", []):
            if band.get("code") == code:
                return str(band.get("label", code))
        return code


# --- A screening ---------------------------------------------------------------------------


class Screening(models.Model):
    """One screening of a child, its stored result and any professional judgement on it."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="screenings")
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="screenings"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="screenings"
    )
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.PROTECT, related_name="+")
    scheme = models.ForeignKey(ScoringScheme, on_delete=models.PROTECT, related_name="+")
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="screenings"
    )
    source_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="screenings",
        help_text="The agency of the person who completed the screening.",
    )
    completed_on = models.DateField(default=timezone.localdate)
    # The result, stored as reached, so it reads the same if the scheme is later changed.
    score = models.PositiveIntegerField()
    band_code = models.SlugField(max_length=50)
    band_label = models.CharField(max_length=100)
    required_action = models.TextField(blank=True)
    explanation = models.JSONField(default=list, help_text="How the result was reached.")
    override_band = models.SlugField(max_length=50, blank=True)
    override_label = models.CharField(max_length=100, blank=True)
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    reassess_due = models.DateField()
    version = IntegerVersionField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on", "-id"]
        indexes = [models.Index(fields=["child", "completed_on"])]
        constraints = [
            models.CheckConstraint(
                name="screening_override_has_a_reason",
                condition=Q(override_band="")
                | (~Q(override_reason="") & Q(overridden_by__isnull=False)),
            ),
            models.CheckConstraint(
                name="screening_reassessed_after_completion",
                condition=Q(reassess_due__gt=models.F("completed_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"Screening {self.pk} on {long_date(self.completed_on)}"

    @property
    def is_overridden(self) -> bool:
        return bool(self.override_band)

    @property
    def final_band(self) -> str:
        """The level that stands: professional judgement if given, otherwise the score's."""
        return self.override_band or self.band_code

    @property
    def final_label(self) -> str:
        return self.override_label or self.band_label

    def reassessment_overdue(self, today: dt.date | None = None) -> bool:
        return self.reassess_due < (today or timezone.localdate())


class Presence(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class ScreeningAnswer(models.Model):
    """The answer for one indicator: present or not, the evidence, who knows it, and when."""

    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    present = models.CharField(max_length=10, choices=Presence.choices)
    evidence = models.TextField(blank=True)
    source_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Which agency knows this.",
    )
    observed_on = models.DateField(null=True, blank=True, help_text="When it was last seen.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["screening", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["screening", "indicator"], name="one_answer_per_indicator"
            ),
            models.CheckConstraint(
                name="a_present_indicator_has_evidence_a_source_and_a_date",
                condition=~Q(present="yes")
                | (~Q(evidence="") & Q(source_agency__isnull=False) & Q(observed_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="only_a_present_indicator_has_evidence_a_source_or_a_date",
                condition=Q(present="yes")
                | (Q(evidence="") & Q(source_agency__isnull=True) & Q(observed_on__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.get_present_display()}"
