"""The site's main menu: the sections the apps register, in order, the current one marked."""

import re

import pytest
from django.urls import reverse

from omradeloft.core import main_menu

MENU = re.compile(r'<nav aria-label="[^"]*">\s*<ul class="nav-list">(.*?)</ul>', re.S)


def menu_links(response) -> list[tuple[str, str, bool]]:
    """(label, address, marked as current) of each link in the page's main menu."""
    menu = MENU.search(response.content.decode())
    assert menu, "the page has no main menu"
    links = re.findall(r'<a href="([^"]*)"( aria-current="page")?>([^<]*)</a>', menu.group(1))
    return [(label, url, bool(current)) for url, current, label in links]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def test_the_main_menu_lists_the_apps_sections_in_order_to_a_visitor(client, db):
    assert menu_links(client.get(reverse("areas:index"))) == [
        ("Programmes", reverse("programmes:list"), False),
        ("Areas", reverse("areas:index"), True),
        ("Statistics", reverse("indicators:catalogue"), False),
        ("Targeting", reverse("targeting:overview"), False),
        ("Log in", reverse("login") + "?next=/areas/", False),
    ]


def test_the_main_menu_adds_my_page_for_a_signed_in_user(client, personas):
    client.force_login(personas.resident)
    links = menu_links(client.get(reverse("accounts:profile")))
    assert [label for label, _url, _current in links] == [
        "Programmes",
        "Areas",
        "Statistics",
        "Targeting",
        "My page",
    ]
    assert links[-1] == ("My page", reverse("accounts:profile"), True)


def test_the_main_menu_speaks_bokmal_by_default(client, db, settings):
    settings.LANGUAGE_CODE = "nb"
    labels = [label for label, _url, _current in menu_links(client.get(reverse("areas:index")))]
    assert labels[:3] == ["Programmer", "Områder", "Statistikk"]


def test_the_layout_renders_with_only_the_sections_registered(client, db, monkeypatch):
    registry = main_menu.Registry()
    registry.items.append(main_menu.MenuItem("areas", lambda: "Areas", "areas:index", order=1))
    monkeypatch.setattr(main_menu, "registry", registry)
    response = client.get(reverse("areas:index"))
    assert response.status_code == 200
    assert [label for label, _url, _current in menu_links(response)] == ["Areas", "Log in"]
