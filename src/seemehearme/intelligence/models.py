"""The intelligence picture, shaped on the police POLE model (Person, Object, Location, Event).

An ``Entity`` is anything an analyst links: a person of concern (an adult suspected of harming
children, or facilitating or associated with it), a group or gang, a place, a vehicle, a phone
or an online account. Each kind is its own table on top of ``Entity`` (Django multi-table
inheritance), so a network loads from two tables (entities and associations) however many kinds
there are. Events are the agencies' feed events (``feeds.AgencyEvent``), which associations
may cite.

An ``Association`` links two entities, or an entity and a child, with the UK intelligence
grading of where it came from. Associations and entities are agency-owned items in the police
intelligence category: who may see them is decided by ``seemehearme.sharing.policy``, and a child
is named only to someone with a working relationship (or break-glass); anyone else sees the
child's pseudonym. Nothing is deleted: associations are withdrawn with a reason, and persons of
concern found to be the same are merged into one, keeping the other's record.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from seemehearme.areas.models import Agency, Area
from seemehearme.cases.models import AbusePattern
from seemehearme.people.models import Child, Ethnicity, Gender
from seemehearme.sharing.models import InformationCategory
from seemehearme.sharing.workspace import postcode_district

INTELLIGENCE_CATEGORY = "police-intelligence"  # an InformationCategory code


def intelligence_category() -> int:
    """The police intelligence category's id: the default for entities and associations."""
    return InformationCategory.objects.only("pk").get(code=INTELLIGENCE_CATEGORY).pk


class EntityKind(models.TextChoices):
    """POLE: persons and groups are Persons, places Locations, the rest Objects."""

    PERSON = "person", "Person of concern"
    GROUP = "group", "Group or gang"
    PLACE = "place", "Place"
    VEHICLE = "vehicle", "Vehicle"
    PHONE = "phone", "Phone"
    ACCOUNT = "account", "Online account"


POLE_CLASS: dict[str, str] = {
    EntityKind.PERSON: "Person",
    EntityKind.GROUP: "Person",  # an organisation, in POLE's Person class
    EntityKind.PLACE: "Location",
    EntityKind.VEHICLE: "Object",
    EntityKind.PHONE: "Object",
    EntityKind.ACCOUNT: "Object",
}


class Entity(models.Model):
    """One subject of intelligence in one partnership, recorded by one agency."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=EntityKind.choices, editable=False)
    label = models.CharField(
        max_length=200, editable=False, help_text="How the entity is shown: kept from its details."
    )
    source_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency that holds this intelligence.",
    )
    category = models.ForeignKey(
        InformationCategory,
        on_delete=models.PROTECT,
        related_name="+",
        default=intelligence_category,
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        help_text="Set when this record was found to be the same as another and merged into it.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank when the service recorded it from agencies' feeds.",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["label", "pk"]
        verbose_name_plural = "entities"
        indexes = [models.Index(fields=["area", "kind"])]

    def __str__(self) -> str:
        return self.label

    # Each kind's table says which kind it is; the base table's ``kind`` is kept from it.
    entity_kind: str = ""

    def save(self, *args: object, **kwargs: object) -> None:
        self.kind = self.entity_kind or self.kind
        self.label = self.describe()[:200]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def pole_class(self) -> str:
        return POLE_CLASS[self.kind]

    def describe(self) -> str:
        """The label as the subclass words it (overridden)."""
        return self.label


class Concern(models.TextChoices):
    SUSPECT = "suspect", "Suspect"
    FACILITATOR = "facilitator", "Facilitator"
    ASSOCIATE = "associate", "Associate"


class PersonOfConcern(Entity):
    """An adult suspected of exploiting children, of facilitating it, or associated with those
    who do. Ethnicity and nationality are recorded as the national audit of group-based child
    sexual exploitation asks, so the problem profile can report them."""

    entity_kind = EntityKind.PERSON
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    aliases = models.CharField(
        max_length=300, blank=True, help_text="Other names or nicknames, separated by commas."
    )
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_KNOWN)
    ethnicity = models.CharField(
        max_length=20, choices=Ethnicity.choices, default=Ethnicity.NOT_KNOWN
    )
    nationality = models.CharField(max_length=100, blank=True, help_text="Blank if not known.")
    concern = models.CharField(max_length=20, choices=Concern.choices, default=Concern.SUSPECT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "person of concern"
        verbose_name_plural = "persons of concern"
        constraints = [
            models.CheckConstraint(
                name="a_person_of_concern_has_a_name",
                condition=~Q(given_name="", family_name="", aliases=""),
            )
        ]

    def describe(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return name or self.aliases.split(",")[0].strip()


class GroupKind(models.TextChoices):
    GANG = "gang", "Gang"
    GROUP = "group", "Group"
    NETWORK = "network", "Organised network"
    ONLINE = "online", "Online group"


class Group(Entity):
    """A gang, group or organised network, with the patterns of abuse it is thought to show."""

    entity_kind = EntityKind.GROUP
    name = models.CharField(max_length=200)
    group_kind = models.CharField(
        "kind of group", max_length=20, choices=GroupKind.choices, default=GroupKind.GROUP
    )
    patterns = models.ManyToManyField(AbusePattern, blank=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[patterns])

    class Meta:
        verbose_name = "group or gang"
        verbose_name_plural = "groups and gangs"

    def describe(self) -> str:
        return self.name


class VenueType(models.TextChoices):
    HOTEL = "hotel", "Hotel or guest house"
    TAKEAWAY = "takeaway", "Takeaway or restaurant"
    TAXI = "taxi", "Taxi firm or rank"
    PARK = "park", "Park or open space"
    HOUSE = "house", "House or flat (including house parties)"
    SCHOOL = "school", "School or college"
    SHOP = "shop", "Shop"
    BAR = "bar", "Pub, bar or shisha lounge"
    TRANSPORT = "transport", "Bus or train station"
    CAR_PARK = "car_park", "Car park"
    OTHER = "other", "Other"


class Place(Entity):
    """A location: a hotel, a takeaway, a park, a house."""

    entity_kind = EntityKind.PLACE
    name = models.CharField(max_length=200)
    venue_type = models.CharField(max_length=20, choices=VenueType.choices)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    district = models.CharField(
        "postcode district", max_length=4, blank=True, editable=False, db_index=True
    )
    history = HistoricalRecords()

    def save(self, *args: object, **kwargs: object) -> None:
        self.postcode = " ".join(self.postcode.upper().split())
        self.district = postcode_district(self.postcode)
        super().save(*args, **kwargs)

    def describe(self) -> str:
        return self.name


def normalise_registration(registration: str) -> str:
    """A number plate in capitals without spaces, as the DVLA compares them."""
    return re.sub(r"[^A-Z0-9]", "", registration.upper())


class Vehicle(Entity):
    entity_kind = EntityKind.VEHICLE
    registration = models.CharField(max_length=12, help_text="Capitals, no spaces.")
    make = models.CharField(max_length=50, blank=True)
    model = models.CharField(max_length=50, blank=True)
    colour = models.CharField(max_length=30, blank=True)
    history = HistoricalRecords()

    def save(self, *args: object, **kwargs: object) -> None:
        self.registration = normalise_registration(self.registration)
        super().save(*args, **kwargs)

    def describe(self) -> str:
        details = " ".join(part for part in (self.colour, self.make, self.model) if part)
        return f"{self.registration} ({details})" if details else self.registration


def normalise_phone(number: str) -> str:
    """A UK phone number as digits in national form (+44 7700 900123 -> 07700900123)."""
    digits = re.sub(r"\D", "", number)
    if digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    return digits


class Phone(Entity):
    entity_kind = EntityKind.PHONE
    number = models.CharField(max_length=20, help_text="Digits only, in national form.")
    history = HistoricalRecords()

    def save(self, *args: object, **kwargs: object) -> None:
        self.number = normalise_phone(self.number)
        super().save(*args, **kwargs)

    def describe(self) -> str:
        return self.number


class Platform(models.TextChoices):
    SNAPCHAT = "snapchat", "Snapchat"
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    WHATSAPP = "whatsapp", "WhatsApp"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    TELEGRAM = "telegram", "Telegram"
    DISCORD = "discord", "Discord"
    OTHER = "other", "Other"


class OnlineAccount(Entity):
    entity_kind = EntityKind.ACCOUNT
    platform = models.CharField(max_length=20, choices=Platform.choices)
    handle = models.CharField(max_length=100)
    history = HistoricalRecords()

    def save(self, *args: object, **kwargs: object) -> None:
        self.handle = self.handle.strip()
        super().save(*args, **kwargs)

    def describe(self) -> str:
        return f"{self.handle} on {self.get_platform_display()}"


KIND_MODELS: dict[str, type[Entity]] = {
    model.entity_kind: model
    for model in (PersonOfConcern, Group, Place, Vehicle, Phone, OnlineAccount)
}


# --- Associations and their grading -------------------------------------------------------------


class SourceEvaluation(models.TextChoices):
    """The 3x5x2 grading's source evaluation (College of Policing, intelligence management)."""

    RELIABLE = "1", "1: Reliable"
    UNTESTED = "2", "2: Untested"
    NOT_RELIABLE = "3", "3: Not reliable"


class IntelligenceAssessment(models.TextChoices):
    KNOWN_DIRECTLY = "A", "A: Known directly to the source"
    CORROBORATED = "B", "B: Known indirectly to the source but corroborated"
    KNOWN_INDIRECTLY = "C", "C: Known indirectly to the source"
    NOT_KNOWN = "D", "D: Not known"
    SUSPECTED_FALSE = "E", "E: Suspected to be false"


class HandlingCode(models.TextChoices):
    PERMITTED = "P", "P: Lawful sharing permitted"
    CONDITIONS = "C", "C: Lawful sharing permitted with conditions"


class Relationship(models.TextChoices):
    ASSOCIATE = "associate", "Associates with"
    MEMBER = "member", "Member of"
    LEADS = "leads", "Leads or organises"
    SEEN_WITH = "seen_with", "Seen with"
    SEEN_AT = "seen_at", "Seen at"
    LIVES_AT = "lives_at", "Lives or stays at"
    USES = "uses", "Uses or drives"
    CONTACTED = "contacted", "Contacted"
    TRANSPORTED = "transported", "Transported"
    GAVE_GIFTS = "gave_gifts", "Gave gifts, money, alcohol or drugs to"
    SUSPECTED_ABUSE = "suspected_abuse", "Suspected of abusing"


class AssociationQuerySet(models.QuerySet["Association"]):
    def current(self) -> AssociationQuerySet:
        """Associations not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class Association(models.Model):
    """A link between two entities, or between an entity and a child, graded by where it came
    from. Withdrawn rather than deleted when found wrong."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="associations")
    other = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="associations_to",
        help_text="The other entity, if the link is not with a child.",
    )
    child = models.ForeignKey(
        Child,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intelligence_links",
        help_text="The child, if the link is with a child.",
    )
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    event = models.ForeignKey(
        "feeds.AgencyEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency event this came from, if any.",
    )
    source_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        InformationCategory,
        on_delete=models.PROTECT,
        related_name="+",
        default=intelligence_category,
    )
    source_reference = models.CharField(
        max_length=100, blank=True, help_text="The source agency's own reference for the report."
    )
    reported_on = models.DateField(help_text="When the association was seen or reported.")
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices)
    intelligence_assessment = models.CharField(max_length=1, choices=IntelligenceAssessment.choices)
    handling_code = models.CharField(max_length=1, choices=HandlingCode.choices)
    handling_conditions = models.CharField(
        max_length=300, blank=True, help_text="The conditions, when the handling code is C."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank when the service recorded it from an agency's feed event.",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_why = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = AssociationQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="an_association_links_one_entity_or_one_child",
                condition=(
                    Q(other__isnull=False, child__isnull=True)
                    | Q(other__isnull=True, child__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="an_association_links_two_different_entities",
                condition=~Q(other=models.F("entity")),
            ),
            models.CheckConstraint(
                name="handling_conditions_go_with_code_c",
                condition=Q(handling_code="P", handling_conditions="")
                | (Q(handling_code="C") & ~Q(handling_conditions="")),
            ),
            models.CheckConstraint(
                name="a_withdrawn_association_says_why",
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_why=""),
            ),
        ]
        indexes = [
            models.Index(fields=["area", "withdrawn_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.relationship} {self.other_id or 'a child'}"

    @property
    def grading(self) -> str:
        """The grading as analysts write it, e.g. "1B P"."""
        return f"{self.source_evaluation}{self.intelligence_assessment} {self.handling_code}"


# --- Persons of concern from agencies' feeds, resolved across agencies -------------------------


class AdultRecord(models.Model):
    """One agency's record of one adult linked to children in its feed events: the agency's
    reference for them (or, when the feed gave none, a key made from their names and date of
    birth), their details as last sent, and the person of concern they were resolved to."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    source_key = models.CharField(
        max_length=100,
        help_text="The agency's own id for the person, or one made from names and birth date.",
    )
    key_derived = models.BooleanField(
        default=False, help_text="The feed gave no id: the key was made from names and birth date."
    )
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    role = models.CharField(max_length=100, blank=True, help_text="As the feed last said it.")
    person = models.ForeignKey(
        PersonOfConcern,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adult_records",
        help_text="The person of concern this record was resolved to; blank until resolved.",
    )
    first_seen = models.DateField(help_text="The earliest event the adult was linked to.")
    last_seen = models.DateField(help_text="The latest event the adult was linked to.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source_key"], name="one_adult_record_per_agency_reference"
            ),
            models.CheckConstraint(
                name="an_adult_record_has_a_name",
                condition=~Q(given_name="", family_name=""),
            ),
        ]
        indexes = [models.Index(fields=["area", "person"])]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class CandidateStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    ACCEPTED = "accepted", "The same person"
    REJECTED = "rejected", "Different people"


class AdultMatchCandidate(models.Model):
    """Two agencies' records of adults that may be the same person, for an analyst to decide.
    A decision binds every later run: accepted records are kept together, rejected ones apart."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    first = models.ForeignKey(AdultRecord, on_delete=models.PROTECT, related_name="+")
    second = models.ForeignKey(AdultRecord, on_delete=models.PROTECT, related_name="+")
    probability = models.FloatField()
    explanation = models.JSONField(
        default=list, help_text="What each detail contributed: field, label, level, weight."
    )
    status = models.CharField(
        max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-probability", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_candidate_per_pair"),
            models.CheckConstraint(
                name="a_candidate_pair_is_in_order", condition=Q(first__lt=models.F("second"))
            ),
        ]
        indexes = [models.Index(fields=["area", "status"])]

    def __str__(self) -> str:
        return f"Records {self.first_id} and {self.second_id} ({self.status})"


class PersonMerge(models.Model):
    """One merge of a person of concern into another, with exactly what it moved, so that it
    can be split again."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    kept = models.ForeignKey(PersonOfConcern, on_delete=models.PROTECT, related_name="merges")
    merged = models.ForeignKey(
        PersonOfConcern, on_delete=models.PROTECT, related_name="merged_by_merges"
    )
    candidate = models.ForeignKey(
        AdultMatchCandidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The reviewed pair that led to the merge, if any.",
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    why = models.TextField()
    moved_records = models.JSONField(default=list, help_text="Ids of the adult records moved.")
    moved_associations = models.JSONField(
        default=list, help_text="Ids of the associations whose subject was the merged person."
    )
    moved_associations_to = models.JSONField(
        default=list, help_text="Ids of the associations whose other entity was the merged person."
    )
    split_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    split_at = models.DateTimeField(null=True, blank=True)
    split_why = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="a_split_says_why", condition=Q(split_at__isnull=True) | ~Q(split_why="")
            ),
        ]

    def __str__(self) -> str:
        return f"Person {self.merged_id} merged into {self.kept_id}"


# --- Saved problem profiles ---------------------------------------------------------------------


class ProfileVersion(models.TextChoices):
    RESTRICTED = "restricted", "Restricted: for the panel, every number shown"
    BOARD = "board", "Board: numbers from 1 to 4 hidden, and any that would give them away"


class ProblemProfile(models.Model):
    """A problem profile as it was published on the day: its tables and numbered findings kept
    as they were shown (``intelligence.profile.published``), so that action plans can cite a
    finding and the citation still says what it said. Never edited."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    version = models.CharField(max_length=20, choices=ProfileVersion.choices)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField(default=timezone.now)
    sections = models.JSONField(help_text="The tables as published.")
    findings = models.JSONField(help_text="The numbered findings: [{number, text}].")

    class Meta:
        ordering = ["-generated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="a_profile_period_ends_after_it_starts",
                condition=Q(period_end__gte=models.F("period_start")),
            )
        ]

    def __str__(self) -> str:
        return f"Problem profile {self.pk}"


class ProfileFinding(models.Model):
    """One numbered finding of a saved profile ("F3: ..."), which a plan action may cite."""

    profile = models.ForeignKey(
        ProblemProfile, on_delete=models.PROTECT, related_name="finding_rows"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["profile", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "number"], name="a_finding_number_is_used_once_per_profile"
            )
        ]

    def __str__(self) -> str:
        return f"F{self.number}: {self.text}"
