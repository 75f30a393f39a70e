"""Agency data feeds: the events agencies send about children, and the imports that bring them.

Each event is owned by its source agency and sits in one information category, so the access
policy decides who may see it exactly as for any other item. An event is identified by its
agency's own record id (``source_id``): sending it again updates it rather than duplicating it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from seemehearme.areas.models import Agency
from seemehearme.areas.reference import offered_in_forms
from seemehearme.identity.models import AgencyPerson
from seemehearme.people.models import Child
from seemehearme.sharing.models import InformationCategory


class EventType(models.Model):
    """A kind of event an agency reports (reference data; codes are stable because files and
    early-warning rules refer to them)."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.ForeignKey(
        InformationCategory,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The information category an event of this type is in unless the row says.",
    )
    is_active = offered_in_forms()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencySystem(models.Model):
    """An agency's computer system allowed to send events through the API with its own token.

    Only a hash of the token is stored; the token is shown once, when it is made."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="systems")
    name = models.CharField(max_length=200)
    token_prefix = models.CharField(max_length=12, help_text="The token's first characters.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="agency_system_name_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class ImportChannel(models.TextChoices):
    UPLOAD = "upload", "File uploaded in the service"
    COMMAND = "command", "File imported from the command line"
    API = "api", "Sent through the API"


class ImportStatus(models.TextChoices):
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed: nothing was kept"


class ImportBatch(models.Model):
    """One file or one API request. Good rows are kept and bad rows reported; if the import
    fails part way, nothing of it is kept (it runs in one transaction)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="imports")
    channel = models.CharField(max_length=20, choices=ImportChannel.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    system = models.ForeignKey(
        AgencySystem, on_delete=models.PROTECT, null=True, blank=True, related_name="imports"
    )
    filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the import failed, in plain words.")

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.get_status_display()})"


class ImportProblem(models.Model):
    """A row that was not imported, with its line and the reason (never the value itself, so
    problem lists can be shown and printed without personal data)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="problems")
    line = models.PositiveIntegerField(help_text="Line in the file (1 is the header).")
    column = models.CharField(max_length=100, blank=True)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["line", "id"]

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


class AgencyEvent(models.Model):
    """Something an agency recorded about a child on a date: a missing episode, an A&E
    attendance, a school absence, an intelligence report.

    Millions of rows arrive in bulk, and every index is written for every row, so no column
    has two indexes: ``agency``, ``event_type`` and ``child`` are covered by the unique
    constraint and the composite indexes that start with them, and nothing looks events up by
    category alone (see docs/adr/0007-importing-agency-feeds.md).
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    source_id = models.CharField(max_length=100, help_text="The agency's own record id.")
    event_type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    category = models.ForeignKey(
        InformationCategory, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    occurred_on = models.DateField()
    location = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    detail = models.TextField(blank=True)
    person = models.ForeignKey(AgencyPerson, on_delete=models.PROTECT, related_name="events")
    child = models.ForeignKey(
        Child,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        db_index=False,
        help_text="The person's resolved child, copied here so early warning can work set-wise.",
    )
    age_at_event = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The child's age in years on the day, from the row."
    )
    linked_people = models.JSONField(
        default=list,
        blank=True,
        help_text="Others involved: role, names, date of birth, agency reference.",
    )
    oldest_linked_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Age on the day of the oldest linked person, if known."
    )
    row_hash = models.CharField(
        max_length=32, help_text="Digest of the row's content: unchanged rows are not rewritten."
    )
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="events", help_text="Last import."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    child_path = "child"

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "source_id"], name="agency_event_unique")
        ]
        indexes = [
            models.Index(fields=["child", "occurred_on"]),
            models.Index(fields=["event_type", "occurred_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.event_type_id} on {self.occurred_on}"
