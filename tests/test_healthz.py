import pytest


@pytest.mark.django_db
def test_healthz_reports_the_database_and_no_personal_data(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body == {"status": "ok", "database": "ok", "engine": body["engine"]}
    assert body["engine"] in {"sqlite", "postgresql"}


@pytest.mark.django_db
def test_every_other_page_needs_sign_in(client):
    response = client.get("/children/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in?next=")
