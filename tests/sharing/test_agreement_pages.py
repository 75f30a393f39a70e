"""The data protection lead manages information-sharing agreements through the pages, and what
they save is what the access policy uses on the very next request."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from seemehearme.areas.models import AgencyKind, Role
from seemehearme.sharing.models import (
    AgreementSignatory,
    AgreementStatus,
    InformationSharingAgreement,
    LawfulBasis,
)
from seemehearme.sharing.policy import can_view_item
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    AreaFactory,
    ChildFactory,
    StaffUserFactory,
    TeamFactory,
    category,
    purpose,
    relate,
)

pytestmark = pytest.mark.django_db


def date_fields(name: str, value: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def agreement_post(**overrides: object) -> dict[str, object]:
    """A valid submission of the agreement form; override any field."""
    today = timezone.localdate()
    data: dict[str, object] = {
        "reference": "ISA-2026-001",
        "title": "Testshire exploitation sharing",
        "parties": [],
        "categories": [category("police-intelligence").pk],
        "purposes": [purpose("safeguarding").pk],
        "lawful_basis": LawfulBasis.DPA_SCH1_PARA18,
        "lawful_basis_notes": "Children at risk of significant harm.",
        "status": AgreementStatus.DRAFT,
        **date_fields("start_date", today - dt.timedelta(days=1)),
        **date_fields("review_date", today + dt.timedelta(days=365)),
        "end_date_day": "",
        "end_date_month": "",
        "end_date_year": "",
    }
    data.update(overrides)
    return data


def error_summary(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None, "expected a GOV.UK error summary"
    return [item.get_text(" ", strip=True) for item in summary.select("li")]


@pytest.fixture
def police():
    return AgencyFactory(name="Testshire Police", kind=AgencyKind.POLICE)


@pytest.fixture
def social_care():
    return AgencyFactory(name="Testshire Children's Services", kind=AgencyKind.SOCIAL_CARE)


@pytest.fixture
def dpl(social_care):
    return StaffUserFactory(
        role=Role.DATA_PROTECTION_LEAD, team=TeamFactory(agency=social_care), username="dpl"
    )


@pytest.fixture
def practitioner(social_care):
    return StaffUserFactory(role=Role.PRACTITIONER, team=TeamFactory(agency=social_care))


def test_an_agreement_made_through_the_pages_changes_what_the_policy_allows(
    verified_client, dpl, police, social_care, practitioner
):
    child = ChildFactory()
    relate(child, user=practitioner)
    intelligence = category("police-intelligence")

    def practitioner_sees_police_intelligence():
        return can_view_item(
            practitioner, child, source_agency=police, category=intelligence
        ).allowed

    assert not practitioner_sees_police_intelligence()

    client = verified_client(dpl)
    response = client.post(
        reverse("sharing:agreement-create"),
        agreement_post(parties=[police.pk, social_care.pk]),
    )
    agreement = InformationSharingAgreement.objects.get(reference="ISA-2026-001")
    assert response.status_code == 302
    assert response.url == reverse("sharing:agreement", args=[agreement.pk])
    assert agreement.status == AgreementStatus.DRAFT
    assert agreement.updated_by == dpl
    assert set(agreement.parties.all()) == {police, social_care}
    assert not practitioner_sees_police_intelligence(), "a draft shares nothing"

    signed_on = timezone.localdate() - dt.timedelta(days=2)
    for agency, name in [(police, "Chief Inspector Test"), (social_care, "Director Test")]:
        response = client.post(
            reverse("sharing:signatory-add", args=[agreement.pk]),
            {
                "agency": agency.pk,
                "name": name,
                "job_title": "Signing officer",
                **date_fields("signed_on", signed_on),
            },
        )
        assert response.status_code == 302
    assert AgreementSignatory.objects.filter(agreement=agreement).count() == 2

    response = client.post(
        reverse("sharing:agreement-edit", args=[agreement.pk]),
        agreement_post(parties=[police.pk, social_care.pk], status=AgreementStatus.ACTIVE),
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE

    decision = can_view_item(practitioner, child, source_agency=police, category=intelligence)
    assert decision.allowed
    assert decision.basis == "agreement:ISA-2026-001"

    # Taking the category out again withdraws the sharing at once.
    response = client.post(
        reverse("sharing:agreement-edit", args=[agreement.pk]),
        agreement_post(
            parties=[police.pk, social_care.pk],
            status=AgreementStatus.ACTIVE,
            categories=[category("police-incidents").pk],
        ),
    )
    assert response.status_code == 302
    assert not practitioner_sees_police_intelligence()


def test_end_date_before_start_is_shown_in_the_error_summary(
    verified_client, dpl, police, social_care
):
    today = timezone.localdate()
    response = verified_client(dpl).post(
        reverse("sharing:agreement-create"),
        agreement_post(
            parties=[police.pk, social_care.pk],
            **date_fields("end_date", today - dt.timedelta(days=30)),
        ),
    )
    assert response.status_code == 200
    assert error_summary(response) == ["End date must be the same as or after the start date"]
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.select_one(".govuk-error-summary a")
    assert link["href"] == "#id_end_date_day"
    assert soup.select_one("#id_end_date_day") is not None
    assert soup.title.get_text().startswith("Error:")
    assert not InformationSharingAgreement.objects.exists()


def test_an_agreement_needs_at_least_two_parties(verified_client, dpl, police):
    response = verified_client(dpl).post(
        reverse("sharing:agreement-create"), agreement_post(parties=[police.pk])
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        "Select at least two agencies: an agreement is between two or more parties"
    ]
    soup = BeautifulSoup(response.content, "html.parser")
    assert (
        "govuk-form-group--error"
        in soup.select_one("#id_parties_0").find_parent(class_="govuk-form-group")["class"]
    )
    assert not InformationSharingAgreement.objects.exists()


def test_empty_form_names_every_missing_answer(verified_client, dpl):
    response = verified_client(dpl).post(reverse("sharing:agreement-create"), {})
    assert response.status_code == 200
    messages = error_summary(response)
    assert "Enter a reference" in messages
    assert "Select the agencies that are party to the agreement" in messages
    assert "Select the information the parties will share" in messages
    assert "Select at least one purpose" in messages
    assert "Enter the start date" in messages


def test_a_half_typed_date_says_what_is_missing(verified_client, dpl, police, social_care):
    response = verified_client(dpl).post(
        reverse("sharing:agreement-create"),
        agreement_post(
            parties=[police.pk, social_care.pk],
            start_date_day="31",
            start_date_month="",
            start_date_year="2026",
        ),
    )
    assert error_summary(response) == ["Start date must include a month"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_start_date_day")["value"] == "31"
    assert soup.select_one("#id_start_date_year")["value"] == "2026"


def test_an_optional_date_is_checked_when_it_is_typed(verified_client, dpl, police, social_care):
    response = verified_client(dpl).post(
        reverse("sharing:agreement-create"),
        agreement_post(
            parties=[police.pk, social_care.pk],
            end_date_day="30",
            end_date_month="2",
            end_date_year="2027",
        ),
    )
    assert error_summary(response) == ["End date must be a real date"]


def test_an_agreement_cannot_be_activated_until_every_party_has_signed(
    verified_client, dpl, police, social_care
):
    agreement = AgreementFactory(
        status=AgreementStatus.DRAFT, parties=[police, social_care], categories=["health"]
    )
    AgreementSignatory.objects.create(
        agreement=agreement,
        agency=social_care,
        name="Director Test",
        job_title="Director of Children's Services",
        signed_on=timezone.localdate(),
    )
    response = verified_client(dpl).post(
        reverse("sharing:agreement-edit", args=[agreement.pk]),
        agreement_post(
            reference=agreement.reference,
            parties=[police.pk, social_care.pk],
            status=AgreementStatus.ACTIVE,
        ),
    )
    assert response.status_code == 200
    [message] = error_summary(response)
    assert "cannot be signed and in force until every party has signed it" in message
    assert "Testshire Police" in message
    assert "Testshire Children's Services" not in message
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_a_new_agreement_cannot_start_active(verified_client, dpl, police, social_care):
    response = verified_client(dpl).post(
        reverse("sharing:agreement-create"),
        agreement_post(parties=[police.pk, social_care.pk], status=AgreementStatus.ACTIVE),
    )
    assert response.status_code == 200
    assert "every party has signed it" in error_summary(response)[0]
    assert not InformationSharingAgreement.objects.exists()


def test_the_edit_page_warns_that_changes_take_effect_at_once(verified_client, dpl, police):
    agreement = AgreementFactory(parties=[police, dpl.agency], categories=["health"])
    response = verified_client(dpl).get(reverse("sharing:agreement-edit", args=[agreement.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert (
        "Changes take effect as soon as you save"
        in soup.select_one(".govuk-warning-text").get_text()
    )
    # The form starts from the agreement as it is.
    assert soup.select_one("#id_reference")["value"] == agreement.reference
    assert soup.select_one(f"input[name=parties][value='{police.pk}']").has_attr("checked")
    assert soup.select_one("#id_start_date_year")["value"] == str(agreement.start_date.year)


def test_a_signatory_must_sign_for_a_party(verified_client, dpl, police, social_care):
    outsider = AgencyFactory(name="Testshire Housing", kind=AgencyKind.HOUSING)
    agreement = AgreementFactory(parties=[police, social_care], categories=["health"])
    response = verified_client(dpl).post(
        reverse("sharing:signatory-add", args=[agreement.pk]),
        {
            "agency": outsider.pk,
            "name": "Someone Test",
            "job_title": "Manager",
            **date_fields("signed_on", timezone.localdate()),
        },
    )
    assert response.status_code == 200
    assert error_summary(response)
    assert not agreement.signatories.exists()


def test_a_practitioner_can_read_agreements_but_not_change_them(
    verified_client, practitioner, police, social_care
):
    agreement = AgreementFactory(
        parties=[police, social_care],
        categories=["police-intelligence"],
        review_date=timezone.localdate() - dt.timedelta(days=1),
        start_date=timezone.localdate() - dt.timedelta(days=400),
    )
    client = verified_client(practitioner)

    listing = client.get(reverse("sharing:agreements"))
    assert listing.status_code == 200
    soup = BeautifulSoup(listing.content, "html.parser")
    row = soup.select_one("tbody tr")
    assert agreement.reference in row.get_text()
    assert "Testshire Police" in row.get_text()
    assert "Overdue" in row.get_text()
    assert soup.select_one(f"a[href='{reverse('sharing:agreement-create')}']") is None

    detail = client.get(reverse("sharing:agreement", args=[agreement.pk]))
    assert detail.status_code == 200
    assert "Police intelligence" in detail.content.decode()

    assert client.get(reverse("sharing:agreement-create")).status_code == 403
    assert (
        client.post(
            reverse("sharing:agreement-create"), agreement_post(parties=[police.pk])
        ).status_code
        == 403
    )
    assert client.get(reverse("sharing:agreement-edit", args=[agreement.pk])).status_code == 403
    assert (
        client.post(
            reverse("sharing:agreement-edit", args=[agreement.pk]),
            agreement_post(parties=[police.pk, social_care.pk], status=AgreementStatus.ENDED),
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("sharing:signatory-add", args=[agreement.pk]),
            {"agency": police.pk, "name": "X", "job_title": "Y"},
        ).status_code
        == 403
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    assert not agreement.signatories.exists()


def test_agreements_of_another_partnership_are_not_shown(verified_client, dpl):
    elsewhere = AreaFactory(name="Otherset Safeguarding Partnership", slug="otherset")
    other = AgreementFactory(
        area=elsewhere,
        parties=[AgencyFactory(area=elsewhere), AgencyFactory(area=elsewhere)],
        categories=["health"],
    )
    client = verified_client(dpl)
    assert other.reference not in client.get(reverse("sharing:agreements")).content.decode()
    assert client.get(reverse("sharing:agreement", args=[other.pk])).status_code == 404
    assert client.get(reverse("sharing:agreement-edit", args=[other.pk])).status_code == 404


def test_the_detail_page_shows_the_whole_agreement(verified_client, dpl, police, social_care):
    agreement = AgreementFactory(
        parties=[police, social_care],
        categories=["sexual-health"],
        purposes=["safeguarding", "disruption"],
        lawful_basis_notes="Agreed at the partnership board.",
        updated_by=dpl,
    )
    AgreementSignatory.objects.create(
        agreement=agreement,
        agency=police,
        name="Chief Inspector Test",
        job_title="Head of Public Protection",
        signed_on=timezone.localdate(),
    )
    response = verified_client(dpl).get(reverse("sharing:agreement", args=[agreement.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    rows = {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row.select_one(
            ".govuk-summary-list__value"
        ).get_text(" ", strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }
    assert rows["Status"] == "Signed and in force"
    assert rows["In force today"] == "Yes"
    assert "Testshire Police" in rows["Parties"]
    assert "Sexual health" in rows["Information shared"]
    assert "Disrupting and prosecuting perpetrators" in rows["Purposes"]
    assert rows["Lawful basis"].startswith("DPA 2018 Schedule 1 paragraph 18")
    assert rows["Notes on the lawful basis"] == "Agreed at the partnership board."
    assert rows["End date"] == "No end date"
    assert dpl.display_name in rows["Last updated"]
    assert "Chief Inspector Test" in soup.select_one("table").get_text()
    # Not yet signed by social care: the page says so.
    assert "Not yet signed by Testshire Children's Services" in soup.get_text()


def test_the_lead_can_say_withheld_items_are_counted_without_naming(
    verified_client, dpl, police, social_care
):
    client = verified_client(dpl)
    checkbox = BeautifulSoup(
        client.get(reverse("sharing:agreement-create")).content, "html.parser"
    ).select_one("#id_withheld_unnamed")
    assert checkbox is not None
    assert not checkbox.has_attr("checked")
    response = client.post(
        reverse("sharing:agreement-create"),
        agreement_post(parties=[police.pk, social_care.pk], withheld_unnamed="on"),
    )
    assert response.status_code == 302
    agreement = InformationSharingAgreement.objects.get(reference="ISA-2026-001")
    assert agreement.withheld_unnamed
    soup = BeautifulSoup(client.get(response.url).content, "html.parser")
    assert soup.select_one(".smh-withheld-unnamed").get_text(strip=True) == (
        "Only counted: who holds it and what kind it is are not named"
    )
    # Unticked on the next save, it is named again.
    response = client.post(
        reverse("sharing:agreement-edit", args=[agreement.pk]),
        agreement_post(parties=[police.pk, social_care.pk]),
    )
    agreement.refresh_from_db()
    assert not agreement.withheld_unnamed
