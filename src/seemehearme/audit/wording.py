"""Words for the codes the access log stores, so the data protection lead reads "On the case
team", not ``case_team``. The log keeps the code (it is what filters and exports match on);
pages and downloads show these words. ``tests/audit/test_wording.py`` finds every code the
application can write and fails if one has no words here."""

from __future__ import annotations

# The rule that decided, as recorded in ``AccessLogEntry.basis`` (``Decision.basis``).
BASIS_WORDS: dict[str, str] = {
    # May this user see this child at all? (sharing.policy.relationship_to_child)
    "key_worker": "Key worker",
    "case_team": "On the case team",
    "referral_holder": "Their team holds the referral",
    "flag_review": "Their team is reviewing an early-warning flag",
    # May this user write a meeting's record? (meetings.access.can_write_record)
    "cse_coordinator": "CSE coordinator: writes meeting records",
    "not_meeting_chair": "Neither the meeting's chair nor a CSE coordinator",
    "panel": "Child listed at a panel they sit on",
    # May this user follow what became of a referral? (sharing.policy.can_follow_referral)
    "made_the_referral": "Made the referral: told its outcome",
    "not_the_referrer": "Did not make the referral",
    "team_manager": "Manages the team working with the child",
    "break_glass": "Break-glass access",
    # Changing the public pages (public.access)
    "public_pages_editor": "Changes the partnership's public pages",
    "role_without_public_pages": "Their role does not change the public pages",
    "exact_date_of_birth_match": "Exact date of birth typed: name and date of birth shown only",
    "no_relationship": "No working relationship with the child",
    "role_without_case_access": "Their role does not open children's records",
    "other_area": "Another partnership",
    "inactive_user": "Account not active",
    "no_agency": "Account not linked to an agency",
    # May they see this item? (sharing.policy.item_decision)
    "own_agency": "Held by their own agency",
    "no_agreement": "Not shared under current agreements",
    # Break-glass and recording
    "break_glass_request": "May ask for break-glass access",
    "break_glass_read_only": "Break-glass access is for reading only",
    "not_a_case_manager": "Not a CSE coordinator or team manager",
    "case_closed": "The case is closed",
    "case_role": "Works with children",
    # Teams and reviews
    "triage_team": "In the triage team",
    "other_team": "Held by another team",
    "not_triage_team": "Not in the triage team",
    "no_triage_team": "The partnership has no triage team",
    "identity_review": "Reviews possible record matches",
    "triage_team_manager": "Manages the triage team",
    "data_protection_lead": "Data protection lead",
    "data_protection_review": "Data protection lead's review",
    # The data protection lead's pages (dataprotection.access)
    "not_data_protection_lead": "Not the data protection lead",
    "subject_access_request": "Answering a subject access request",
    "sharing_decisions_listing": "Decisions to share listed: no child named",
    "cannot_approve_rules": "Cannot approve early-warning rules",
    "role_without_monitoring": "Their role does not see equality monitoring",
    "monitoring_role": "Sees equality monitoring",
    # The analyst's workspace (sharing.policy.can_see_pseudonymised)
    "pseudonymised_listing": "Pseudonymised listing: no child named",
    "role_without_analysis": "Their role does not see the analyst's workspace",
    # Intelligence (sharing.policy.can_use_intelligence)
    "intelligence_role": "Works with the partnership's intelligence",
    "role_without_intelligence": "Their role does not work with intelligence",
    # The board's pages (board.access)
    "board_role": "Looks at how the partnership's strategy is working",
    "role_without_board": "Their role does not see the board's pages",
    "sets_targets": "Sets the partnership's targets",
    "role_cannot_set_targets": "Their role does not set the board's targets",
    # Imports
    "role_cannot_import": "Their role does not import data",
    "agency_importer": "Imports data for their agency",
    "other_agency": "Another agency's import",
    # Meetings (meetings.access.meeting_access)
    "meeting_chair": "Chairs the meeting",
    "meeting_attendance": "In the meeting's attendance",
    "meeting_panel": "Sits on the panel that holds the meeting",
    "not_at_meeting": "Not the chair, not in the attendance, not on the meeting's panel",
    # The national return and the lists for inspectors (returns.access).
    "return_reader": "Reads the partnership's national return: counts only",
    "role_without_returns": "Their role does not make the national return",
    "national_reader": "Reads the national picture: areas' returns, counts only",
    "not_national_instance": "Not the national instance",
    "role_without_national_picture": "Their role does not read the national picture",
    "inspection_lists": "Lists children they work with for inspectors",
    # Concerns reported by the public (concerns.access)
    "concern_triage": "In the triage team: reads concerns from the public",
    "not_concern_triage": "Not a coordinator or manager in the triage team",
    "not_concern_referrer": "Not a CSE coordinator: cannot make a concern a referral",
    "role_without_inspection_lists": "Their role does not make lists for inspectors",
    # Governance pages (assurance, participation, questionnaires, workforce): these decide
    # pages about the partnership and its staff, not about a child.
    "assurance_editor": "Keeps the partnership's self-assessment, plans and recommendations",
    "assurance_reader": "Reads the partnership's self-assessment, plans and recommendations",
    "role_cannot_edit_assurance": "Their role does not change the self-assessment or plans",
    "role_without_assurance": "Their role does not read the self-assessment or plans",
    "action_owner": "Owns the action",
    "agency_manager": "Manages work at the agency",
    "participation_editor": "Records young people's participation",
    "participation_reader": "Reads young people's participation",
    "not_participation_editor": "Does not record young people's participation",
    "role_without_participation": "Their role does not read young people's participation",
    "questionnaire_sender": "Sends the partnership's questionnaires",
    "questionnaire_answerer": "Their agency was sent a questionnaire",
    "not_a_questionnaire_sender": "Does not send questionnaires",
    "no_questionnaires": "No questionnaire for them to send or answer",
    "not_agency_management": "Not one of the agency's managers",
    "role_cannot_answer_for_agency": "Their role does not answer for the agency",
    "already_submitted": "The answers were already sent",
    "own_records": "Their own training and supervision",
    "compliance": "Oversees the partnership's training and supervision",
    "role_without_compliance": "Their role does not see training and supervision figures",
    "not_team_manager": "Not a team manager",
    "no_team": "Account not linked to a team",
    "not_their_team": "Not a member of their team",
}

# An item shared under an agreement is recorded as "agreement:<the agreement's reference>".
AGREEMENT_PREFIX = "agreement:"


def basis_words(code: str) -> str:
    """The words for a basis code. A code with no words (from an older version) is shown as it
    was stored rather than hidden."""
    if code.startswith(AGREEMENT_PREFIX):
        return f"Shared under agreement {code.removeprefix(AGREEMENT_PREFIX)}"
    return BASIS_WORDS.get(code, code)
