"""Where each member of staff can go: the menu, the home page and refusal pages all list these.

Each destination is offered by asking the same permission check its page asks before it
answers, so the menu cannot offer a page that refuses its reader, and a new rule in a page's
check changes the menu with it. ``tests/web/test_navigation.py`` follows every destination for
every role and fails if one that is offered refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from seemehearme.areas.models import StaffUser
from seemehearme.assurance.access import can_read_assurance
from seemehearme.board.access import can_see_board
from seemehearme.cases.referrals import can_refer, can_see_triage_queue
from seemehearme.dataprotection.access import can_use_data_protection
from seemehearme.earlywarning.services import can_see_equality, can_see_flags
from seemehearme.feeds.services import can_import
from seemehearme.participation.access import can_see_participation
from seemehearme.public.access import can_edit_public_pages
from seemehearme.questionnaires.access import can_use_questionnaires
from seemehearme.returns.access import (
    can_list_for_inspectors,
    can_make_return,
    can_see_national_picture,
)
from seemehearme.sharing.policy import (
    can_do_case_work,
    can_review_identity,
    can_see_pseudonymised,
    can_use_back_office,
    can_use_intelligence,
    data_protection_area,
)
from seemehearme.workforce.access import can_manage_team, can_see_compliance, can_see_own


def _identity_review(user: StaffUser) -> bool:
    return user.agency is not None and can_review_identity(user, user.agency.area).allowed


def _data_protection(user: StaffUser) -> bool:
    return data_protection_area(user) is not None


@dataclass(frozen=True)
class Destination:
    url_name: str
    label: str
    summary: str  # one sentence for the home page and refusal pages
    allowed: Callable[[StaffUser], bool]


DESTINATIONS: tuple[Destination, ...] = (
    Destination(
        "cases:my-work",
        "My work",
        "Your cases, the actions you own and reviews coming up.",
        lambda user: can_do_case_work(user).allowed,
    ),
    Destination(
        "people:search",
        "Find a child",
        "Search by name and date of birth. You can open the records of children you work with.",
        lambda user: can_do_case_work(user).allowed,
    ),
    Destination(
        "cases:referral-new",
        "Refer a child",
        "Worried a child is being exploited? Tell the child exploitation team. If a child is in "
        "immediate danger, call 999.",
        lambda user: can_refer(user).allowed,
    ),
    Destination(
        "cases:referrals-mine",
        "Your referrals",
        "See what was decided about each child you referred.",
        lambda user: can_refer(user).allowed,
    ),
    Destination(
        "cases:referrals",
        "Referrals",
        "Referrals waiting for the triage team, oldest first.",
        lambda user: can_see_triage_queue(user).allowed,
    ),
    Destination(
        "earlywarning:flags",
        "Early warning",
        "Children the partnership's rules have flagged, for the triage team to review.",
        lambda user: can_see_flags(user).allowed,
    ),
    Destination(
        "identity:review-queue",
        "Record matching",
        "Decide whether agencies' records that may be the same child are.",
        _identity_review,
    ),
    Destination(
        "earlywarning:equality",
        "Equality monitoring",
        "Who the early-warning rules flag, by gender, ethnicity, age and care status.",
        lambda user: can_see_equality(user).allowed,
    ),
    Destination(
        "sharing:workspace-children",
        "Analyst's workspace",
        "Children known to the partnership as pseudonyms: age band, gender, ethnicity, care "
        "status, district, risk and recent events, never a name.",
        lambda user: can_see_pseudonymised(user).allowed,
    ),
    Destination(
        "intelligence:register",
        "Intelligence",
        "Persons of concern, groups, places, vehicles, phones and accounts, and how they are "
        "linked to each other and to children, graded by where the intelligence came from.",
        lambda user: can_use_intelligence(user).allowed,
    ),
    Destination(
        "intelligence:network",
        "Networks",
        "Who and what is linked to whom: connected groups, central figures, communities, the "
        "shortest link between two subjects and children linked to the same adults or places.",
        lambda user: can_use_intelligence(user).allowed,
    ),
    Destination(
        "intelligence:places",
        "Places and trends",
        "Places linked to most children, by kind of venue and postcode district, and month by "
        "month trends. Counts only.",
        lambda user: can_use_intelligence(user).allowed,
    ),
    Destination(
        "intelligence:profile",
        "Problem profile",
        "The partnership's picture of exploitation for a period, for the panel or the board, "
        "with numbered findings plans can cite.",
        lambda user: can_use_intelligence(user).allowed,
    ),
    Destination(
        "returns:local",
        "National return",
        "The partnership's counts for the national data call and the JSNA extract, small "
        "numbers hidden, to preview and download.",
        lambda user: can_make_return(user).allowed,
    ),
    Destination(
        "returns:national",
        "National picture",
        "Areas' returns added up and compared over time, on the national instance.",
        lambda user: can_see_national_picture(user).allowed,
    ),
    Destination(
        "returns:inspection-list",
        "List for inspectors",
        "The child-level list of children at risk of exploitation inspectors ask for, for "
        "the children you work with.",
        lambda user: can_list_for_inspectors(user).allowed,
    ),
    Destination(
        "board:dashboard",
        "Board dashboard",
        "Is the strategy working? The inquiry's features of effective practice, month by "
        "month against the partnership's targets, each with what it counts.",
        lambda user: can_see_board(user).allowed,
    ),
    Destination(
        "board:leadership",
        "Leadership view",
        "Children at risk and being exploited today, counted by risk, age, gender, ethnicity "
        "and agency, against caseloads and waiting times.",
        lambda user: can_see_board(user).allowed,
    ),
    Destination(
        "feeds:imports",
        "Data imports",
        "Upload your agency's events and see what each import kept and refused.",
        lambda user: can_import(user).allowed,
    ),
    Destination(
        "meetings:list",
        "Meetings",
        "Plan multi-agency meetings, record who came and write the minutes.",
        lambda user: can_do_case_work(user).allowed,
    ),
    Destination(
        "assurance:assessments",
        "Self-assessment",
        "Rate the partnership red, amber or green against the 2009 guidance and the See Me, "
        "Hear Me framework, with evidence, owners and actions, and report it to the board.",
        lambda user: can_read_assurance(user).allowed,
    ),
    Destination(
        "assurance:plans",
        "Action plans",
        "The partnership's strategy plan and each agency's plan: actions, owners, due dates "
        "and progress.",
        lambda user: can_read_assurance(user).allowed,
    ),
    Destination(
        "assurance:recommendations",
        "Recommendations",
        "Recommendations from the inquiry, case reviews, inspections and the board, and how "
        "each agency has responded.",
        lambda user: can_read_assurance(user).allowed,
    ),
    Destination(
        "participation:activities",
        "Young people's participation",
        "What young people told the partnership, and what changed because of it: you said, we did.",
        lambda user: can_see_participation(user).allowed,
    ),
    Destination(
        "public_editor:edit",
        "Public pages",
        "Change the contact details and local text on the partnership's public pages, preview "
        "them and publish.",
        lambda user: can_edit_public_pages(user).allowed,
    ),
    Destination(
        "questionnaires:index",
        "Questionnaires",
        "Ask the partnership's agencies what has changed, answer for your agency, and compare "
        "each round with the last.",
        lambda user: can_use_questionnaires(user).allowed,
    ),
    Destination(
        "workforce:mine",
        "Training and supervision",
        "Your training, when each course needs renewing, and your supervision.",
        lambda user: can_see_own(user).allowed,
    ),
    Destination(
        "workforce:team",
        "Your team's training",
        "Record your team's training and supervision and see who needs which.",
        lambda user: can_manage_team(user).allowed,
    ),
    Destination(
        "workforce:compliance",
        "Workforce compliance",
        "How many staff are trained and supervised, by agency, role and team, and who they are.",
        lambda user: can_see_compliance(user).allowed,
    ),
    Destination(
        "sharing:agreements",
        "Sharing agreements",
        "Agree what each agency shares, for what purpose and on what lawful basis.",
        _data_protection,
    ),
    Destination(
        "audit:log",
        "Access log",
        "See who looked at which child's record, when and why, and who was refused.",
        _data_protection,
    ),
    Destination(
        "sharing:break-glass-reviews",
        "Break-glass reviews",
        "Review each use of emergency access to a child's record.",
        _data_protection,
    ),
    Destination(
        "dataprotection:register",
        "Data protection",
        "Agreements due for review, gaps in sharing, decisions to share, subject access "
        "requests and retention.",
        lambda user: can_use_data_protection(user).allowed,
    ),
    Destination(
        "agency_systems:list",
        "Agency systems",
        "Give agencies' systems tokens to send events through the API, and revoke them.",
        _data_protection,
    ),
    Destination(
        "admin:index",
        "Back office",
        "Staff accounts, agencies, teams, panels and reference data.",
        can_use_back_office,
    ),
)


def destinations_for(user: StaffUser) -> list[Destination]:
    """The destinations ``user`` may use, in menu order (none before two-factor)."""
    verified = getattr(user, "is_verified", None)  # django-otp's middleware adds it
    if not user.is_authenticated or verified is None or not verified():
        return []
    return [destination for destination in DESTINATIONS if destination.allowed(user)]
