"""A user's language starts as the browser's on the first sign-in (issue 29), and is then theirs."""

import pytest

from portal.testing.factories import UserFactory


def _sign_in(client, username: str, browser_language: str):
    return client.post("/accounts/login/", {"username": username, "password": "pw-Plant-29"},
                       HTTP_ACCEPT_LANGUAGE=browser_language)


@pytest.mark.django_db
@pytest.mark.parametrize(("browser", "expected"), [("es-MX,es;q=0.9", "es"), ("en-US,en;q=0.8", "en"),
                                                  ("fr-FR", "en")])
def test_first_sign_in_takes_the_browsers_language(client, browser, expected):
    user = UserFactory(username="tablet", language="")
    user.set_password("pw-Plant-29")
    user.save()
    response = _sign_in(client, "tablet", browser)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == expected
    home = client.get("/")
    assert home.headers["Content-Language"] == expected


@pytest.mark.django_db
def test_then_the_language_is_the_users(client):
    user = UserFactory(username="tablet", language="")
    user.set_password("pw-Plant-29")
    user.save()
    _sign_in(client, "tablet", "es-MX")
    client.logout()
    _sign_in(client, "tablet", "en-US")  # another browser later: the user's choice stays
    user.refresh_from_db()
    assert user.language == "es"
    assert client.get("/").headers["Content-Language"] == "es"


@pytest.mark.django_db
def test_a_new_account_has_no_language_until_it_signs_in():
    from portal.models import User

    assert User.objects.create(username="new").language == ""
