"""What the public pages show: the partnership's published text with fallbacks, the warning
signs from the screening's current checklist, and the national advice for each business type.

A field a partnership leaves blank in a language falls back to its default-language text, then
to the national default here; the warning signs are read from the current ``IndicatorSet`` so
that a change there changes the screening form and the public pages together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from seemehearme.areas.models import Area
from seemehearme.public.models import (
    CONTACT_FIELDS,
    EDITABLE_FIELDS,
    NOTES_FIELD,
    BusinessType,
    PublicText,
)
from seemehearme.screening.models import Indicator, IndicatorKind, IndicatorSet

CEOP_URL = "https://www.ceop.police.uk/safety-centre/"
THINKUKNOW_PARENTS_URL = "https://www.thinkuknow.co.uk/parents/"
CHILDLINE_URL = "https://www.childline.org.uk/"
LOCAL_COUNCIL_URL = "https://www.gov.uk/report-child-abuse-to-local-council"
# National numbers no partnership changes, so not among its published contacts.
CRIMESTOPPERS_PHONE = "0800 555 111"
POLICE_NON_EMERGENCY_PHONE = "101"

NATIONAL_DEFAULTS: dict[str, str] = {
    "emergency_phone": "999",
    "childline_phone": "0800 1111",
    "ceop_url": CEOP_URL,
    "nspcc_phone": "0808 800 5000",
}


@dataclass(frozen=True)
class Contacts:
    """The numbers and hours a page shows; ``front_door_*`` may be blank (not yet published)."""

    front_door_name: str
    front_door_phone: str
    front_door_hours: str
    out_of_hours_phone: str
    emergency_phone: str
    childline_phone: str
    ceop_url: str
    nspcc_phone: str


@dataclass(frozen=True)
class Published:
    """A partnership's public text as a page shows it, fallbacks applied."""

    contacts: Contacts
    introduction: str
    notes: dict[str, str] = field(default_factory=dict)  # business type -> local notes

    def notes_for(self, business: str) -> str:
        return self.notes.get(business, "")


def default_language() -> str:
    return settings.LANGUAGE_CODE


def resolve(values: list[dict[str, Any]]) -> Published:
    """The first non-blank value of each field in ``values`` (most specific first), else the
    national default or blank."""

    def first(name: str) -> str:
        for row in values:
            if row.get(name):
                return str(row[name])
        return NATIONAL_DEFAULTS.get(name, "")

    return Published(
        contacts=Contacts(**{name: first(name) for name in CONTACT_FIELDS}),
        introduction=first("introduction"),
        notes={business: first(name) for business, name in NOTES_FIELD.items()},
    )


def published_text(area: Area, language: str | None = None) -> Published:
    """``area``'s published text in ``language`` (the active one by default)."""
    language = (language or get_language() or default_language()).lower()
    rows = {
        row.language: row
        for row in PublicText.objects.filter(area=area, language__in={language, default_language()})
    }
    order = [rows[code] for code in (language, default_language()) if code in rows]
    return resolve([{name: getattr(row, name) for name in EDITABLE_FIELDS} for row in order])


@dataclass(frozen=True)
class Sign:
    adults: str
    young_person: str


def _current_set() -> IndicatorSet | None:
    return IndicatorSet.objects.filter(is_current=True).first()


def warning_signs() -> list[Sign]:
    """The current checklist's warning signs, in the public pages' words."""
    return _signs(IndicatorKind.WARNING_SIGN)


def vulnerabilities() -> list[Sign]:
    """The current checklist's vulnerabilities, in the public pages' words."""
    return _signs(IndicatorKind.VULNERABILITY)


def _signs(kind: str) -> list[Sign]:
    indicator_set = _current_set()
    if indicator_set is None:
        return []
    indicators = Indicator.objects.filter(indicator_set=indicator_set, kind=kind).order_by("number")
    return [Sign(i.public_wording, i.young_person_wording) for i in indicators]


# --- National advice for businesses ------------------------------------------------------


@dataclass(frozen=True)
class BusinessAdvice:
    business: BusinessType
    name: Promise
    intro: Promise
    look_for: tuple[Promise, ...]
    tips: tuple[Promise, ...]

    @property
    def slug(self) -> str:
        return str(self.business.value)


BUSINESS_ADVICE: dict[str, BusinessAdvice] = {
    BusinessType.HOTELS: BusinessAdvice(
        BusinessType.HOTELS,
        _("Hotels and other places to stay"),
        _(
            "Abusers use hotels, guest houses and short-let flats to take children to, and "
            "sometimes hold parties there. Reception, housekeeping, security and bar staff are "
            "often the only adults who see what is happening."
        ),
        (
            _(
                "A child or young person arriving with, or visiting, an older adult who is not "
                "their parent or carer"
            ),
            _("Several young people visiting one room, or a room booked for a party"),
            _(
                "A young person who seems drunk, drugged, frightened or confused about where "
                "they are"
            ),
            _(
                "Rooms booked for a few hours, paid for in cash, or booked by someone who lives "
                "nearby"
            ),
            _(
                "Guests asking for a room out of sight, or not to be disturbed, while young "
                "people come and go"
            ),
        ),
        (
            _(
                "Keep an accurate record of who stays with you. The police can ask hotels for "
                "their guests' details to protect children."
            ),
        ),
    ),
    BusinessType.TAXIS: BusinessAdvice(
        BusinessType.TAXIS,
        _("Taxis and private hire"),
        _(
            "Abusers use taxis and private hire cars to move children between houses, hotels "
            "and parties, sometimes from one town to another. Drivers and call handlers can "
            "notice a pattern that nobody else sees."
        ),
        (
            _(
                "Young people travelling with adults who are not their family, especially late "
                "at night"
            ),
            _(
                "Young people picked up from or taken to hotels, parties or houses, or to "
                "another town"
            ),
            _(
                "A young person who seems drunk, drugged or frightened, or does not know where "
                "they are going"
            ),
            _("An adult paying for a young person's journey, or booking it for them"),
            _("The same young people making the same journey again and again"),
        ),
        (
            _(
                "Note the time, where you picked up and dropped off, and what the people looked "
                "like."
            ),
            _("Tell your operator's safeguarding lead as well, if it has one."),
        ),
    ),
    BusinessType.TAKEAWAYS: BusinessAdvice(
        BusinessType.TAKEAWAYS,
        _("Takeaways and fast food"),
        _(
            "Young people often meet in takeaways and fast-food shops, and abusers can use them "
            "to make contact with children and to gain their trust."
        ),
        (
            _("Young people hanging around for a long time, late at night or after closing"),
            _("Adults giving young people free food, drinks, cigarettes, alcohol, lifts or phones"),
            _("Young people being taken into back rooms or flats above or behind the premises"),
            _("Young people getting into cars with adults outside"),
            _("Being asked to pass messages to young people"),
        ),
        (_("Do not let young people into areas that are not open to the public."),),
    ),
    BusinessType.LICENSED: BusinessAdvice(
        BusinessType.LICENSED,
        _("Pubs, bars and clubs"),
        _(
            "Abusers may take young people to licensed premises, or use alcohol to lower their "
            "guard. Door staff and bar staff are well placed to notice."
        ),
        (
            _("Young people under 18 with older adults, especially if they seem drunk or drugged"),
            _("Adults buying alcohol for young people"),
            _("Young people using someone else's ID"),
            _("A young person leaving with adults they did not arrive with"),
            _("A young person who seems frightened, or is not allowed to speak for themselves"),
        ),
        (_("Check ID as your age verification policy requires."),),
    ),
    BusinessType.SHOPS: BusinessAdvice(
        BusinessType.SHOPS,
        _("Shops"),
        _(
            "Shop staff see young people every day, and may notice when something about them, "
            "or the adults with them, changes."
        ),
        (
            _(
                "Adults buying alcohol, cigarettes, phones, phone credit or gifts for young "
                "people who are not their family"
            ),
            _("Young people with money or new phones they cannot explain"),
            _("Young people waiting outside to be picked up by older adults"),
            _("Young people with adults during school hours"),
            _("A young person who seems frightened, drunk or drugged"),
        ),
        (),
    ),
}


def business_advice(slug: str) -> BusinessAdvice | None:
    return BUSINESS_ADVICE.get(slug)
