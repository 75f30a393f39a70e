"""Identity resolution: each agency's record of a person, and which child they are.

An agency knows a child by its own reference and its own spelling of their details. An
``AgencyPerson`` is one agency's record of one person, kept up to date from that agency's
feed. Linking (Splink, see ``seemehearme.identity.linking``) decides which agency persons are
the same child; the answer is ``AgencyPerson.child``. Every assignment is written as an
``IdentityLink`` so that it can be explained and undone. Pairs the model is unsure about become
``LinkCandidate`` rows for a person to accept or reject, and those decisions bind later runs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from seemehearme.areas.models import Agency
from seemehearme.identity.likeness import Likeness
from seemehearme.people.models import Child, Gender


class AgencyPerson(models.Model):
    """One agency's record of one person, as its latest feed row described them.

    Imports write persons in bulk, so no column has two indexes: ``agency`` is covered by the
    unique constraint that starts with it, and ``child`` by its foreign key's own index."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="persons", db_index=False
    )
    source_person_id = models.CharField(
        max_length=100, help_text="The agency's own reference for the person."
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_KNOWN)
    ethnicity = models.CharField(max_length=20, blank=True)
    address = models.CharField(
        max_length=200,
        blank=True,
        help_text="The first line or lines of the home address, as the agency writes it.",
    )
    postcode = models.CharField(max_length=10, blank=True)
    school = models.CharField(max_length=200, blank=True, help_text="As the agency names it.")
    nhs_number = models.CharField(max_length=10, blank=True)
    upn = models.CharField("unique pupil number", max_length=13, blank=True)
    # Set by each link run (``engine.shared_numbers``).
    # A database default, as the feed import writes persons with its own INSERT.
    nhs_number_shared = models.BooleanField(
        db_default=False,
        help_text="The NHS number is held by several different children's records (a "
        "placeholder), so matching does not use it.",
    )
    upn_shared = models.BooleanField(
        db_default=False,
        help_text="The pupil number is held by several different children's records, so "
        "matching does not use it.",
    )
    child = models.ForeignKey(
        Child,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agency_persons",
        help_text="The child this record has been resolved to; empty until linking has run.",
    )
    first_seen_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source_person_id"], name="agency_person_unique"
            )
        ]
        indexes = [models.Index(fields=["family_name", "date_of_birth"])]

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.source_person_id}"


class LinkRunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class LinkRun(models.Model):
    """One run of identity resolution, with what it found."""

    backend = models.CharField(max_length=20, default="duckdb")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=LinkRunStatus.choices, default=LinkRunStatus.RUNNING
    )
    records = models.PositiveIntegerField(default=0)
    pairs_scored = models.PositiveIntegerField(default=0)
    links_made = models.PositiveIntegerField(default=0)
    children_created = models.PositiveIntegerField(default=0)
    sent_to_review = models.PositiveIntegerField(default=0)
    match_threshold = models.FloatField(help_text="At or above this probability, link.")
    review_threshold = models.FloatField(help_text="From this probability up to the match one.")
    model = models.JSONField(default=dict, help_text="The Splink settings and parameters used.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Link run {self.pk} ({self.get_status_display()})"


class CandidateStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    ACCEPTED = "accepted", "Same person"
    REJECTED = "rejected", "Different people"


class LinkCandidate(models.Model):
    """A pair of agency records that may be the same child. Pending pairs wait for a person;
    accepted and rejected pairs bind every later run (``person_a_id < person_b_id``)."""

    person_a = models.ForeignKey(AgencyPerson, on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(AgencyPerson, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(LinkRun, on_delete=models.PROTECT, related_name="candidates")
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    explanation = models.JSONField(
        default=list,
        help_text="Per compared field: the level reached and how much it moved the weight.",
    )
    likeness = models.CharField(
        max_length=20,
        choices=Likeness.choices,
        default=Likeness.SAME_CHILD,
        help_text="Whether the pair looks like one child, twins, or brothers and sisters.",
    )
    status = models.CharField(
        max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="link_candidate_pair"),
            models.CheckConstraint(
                name="link_candidate_ordered", condition=Q(person_a__lt=models.F("person_b"))
            ),
        ]
        indexes = [models.Index(fields=["status", "-match_probability"])]

    def __str__(self) -> str:
        return f"Candidate {self.person_a_id} and {self.person_b_id} ({self.status})"


class LinkMethod(models.TextChoices):
    IDENTIFIER = "identifier", "Same agency reference (NHS number or pupil number)"
    PROBABILISTIC = "probabilistic", "Probabilistic match"
    CLERICAL = "clerical", "Accepted by a reviewer"
    NEW_CHILD = "new_child", "No match: a new child"
    UNDO = "undo", "A link was undone"
    MERGED = "merged", "Its child was merged into this one by a matching run"


class IdentityLink(models.Model):
    """One assignment of an agency record to a child, kept forever; the current one has no
    ``undone_at``. Undoing a link moves the record (and its events) back and records a rejected
    pair so that later runs do not make the same link again."""

    person = models.ForeignKey(AgencyPerson, on_delete=models.PROTECT, related_name="links")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="identity_links")
    previous_child = models.ForeignKey(
        Child, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    run = models.ForeignKey(
        LinkRun, on_delete=models.PROTECT, null=True, blank=True, related_name="links"
    )
    method = models.CharField(max_length=20, choices=LinkMethod.choices)
    match_probability = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undo_reason = models.TextField(blank=True)
    identifiers = models.JSONField(
        default=list,
        blank=True,
        help_text="Ids of the agency identifiers that moved to the child with this link (when "
        "two children were merged), so that undoing it moves them back.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["child", "created_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} → child {self.child_id} ({self.method})"
