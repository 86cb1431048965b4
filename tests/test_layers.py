"""Dependencies point down: no app imports an app above it in `omradeloft.layers.LAYERS`,
and no app's template links (`{% url %}`) to the URLs of an app above it.

One upward dependency is known and kept, and these checks cannot see it: the model
reference `ForeignKey("programmes.Programme")` on `accounts.RoleAssignment` (a role is held
in a programme, and permissions are decided in accounts). Reverse relations that upper apps
declare (`field.measures`, `goal.outcomes`) are reached only through the registries in
`programmes.contributions`; tests/test_without_upper_apps.py shows that.
"""

from pathlib import Path

import pytest

import omradeloft
from omradeloft.layers import LAYERS, check_templates, check_tree, upward_imports, upward_links

SOURCE = Path(omradeloft.__file__).parent


def test_no_app_imports_an_app_above_it():
    found = check_tree(SOURCE)
    assert not found, "Imports that point up:\n" + "\n".join(map(str, found))


def test_no_app_template_links_to_an_app_above_it():
    found = check_templates(SOURCE)
    assert not found, "Links that point up:\n" + "\n".join(map(str, found))


def test_every_app_is_in_a_layer():
    apps = {path.parent.name for path in SOURCE.glob("*/apps.py")}
    assert apps == set(LAYERS)


@pytest.mark.parametrize(
    "source",
    [
        "from omradeloft.measures.models import Measure\n",
        "import omradeloft.measures.models\n",
        "from omradeloft import measures\n",
        "from ..measures import models\n",
        "from .. import measures\n",
        "def view():\n    from omradeloft.measures.access import visible_measures\n",
        "class Form:\n    def clean(self):\n        import omradeloft.evaluation\n",
    ],
)
def test_the_check_finds_an_upward_import_in_any_form(source):
    found = upward_imports(source, "omradeloft.programmes.views")
    assert len(found) == 1
    assert found[0].module == "omradeloft.programmes.views"
    assert found[0].line == source.count("\n")
    assert "measures" in str(found[0]) or "evaluation" in str(found[0])


def test_the_check_names_module_line_and_what_is_imported():
    found = upward_imports("import os\n\nfrom omradeloft.demo import loader\n", "omradeloft.core.x")
    assert [str(f) for f in found] == [
        "omradeloft.core.x, line 3: imports omradeloft.demo from a higher layer"
    ]


@pytest.mark.parametrize("app", LAYERS[1:])
def test_core_may_import_no_app(app):
    assert upward_imports(f"from omradeloft.{app}.models import X\n", "omradeloft.core.views")


@pytest.mark.parametrize(
    "source",
    [
        "from omradeloft.areas.models import Area\n",
        "from omradeloft.programmes.models import Programme\n",
        "from . import models\n",
        "from .models import Measure\n",
        "import os\n",
    ],
)
def test_the_check_lets_an_app_import_itself_and_the_apps_below(source):
    assert upward_imports(source, "omradeloft.measures.views") == []


def test_a_relative_import_in_a_package_module_resolves_from_the_package():
    # In omradeloft/measures/__init__.py, ".." is omradeloft itself.
    source = "from ..evaluation import models\n"
    assert upward_imports(source, "omradeloft.measures", is_package=True)
    assert not upward_imports("from ..areas import models\n", "omradeloft.measures", True)


@pytest.mark.parametrize(
    ("source", "line", "namespace"),
    [
        ("<a href=\"{% url 'measures:list' programme.code %}\">", 1, "measures"),
        ('<a href="{% url "evaluation:designs" programme.code %}">', 1, "evaluation"),
        ("{%url 'measures:detail' programme.code measure.pk as link%}", 1, "measures"),
        ("{% if x %}\n  {% url 'demo:x' %}\n{% endif %}", 2, "demo"),
    ],
)
def test_the_template_check_finds_a_link_to_an_app_above(source, line, namespace):
    found = upward_links(source, "programmes/templates/programmes/detail.html", "programmes")
    assert [(f.line, f.namespace) for f in found] == [(line, namespace)]


def test_the_template_check_names_template_line_and_namespace():
    source = "{% load i18n %}\n\n<a href=\"{% url 'programmes:detail' code %}\">"
    found = upward_links(source, "accounts/templates/accounts/profile.html", "accounts")
    assert [str(f) for f in found] == [
        "accounts/templates/accounts/profile.html, line 3: "
        "links to programmes URLs from a higher layer"
    ]


@pytest.mark.parametrize(
    "source",
    [
        "{% url 'programmes:detail' programme.code %}",
        "{% url 'areas:index' %}",
        "{% url 'core:home' %}",
        "{% url 'login' %}",
        "{% url 'admin:index' %}",
        "{{ measure.url }} measures:list",
    ],
)
def test_the_template_check_lets_an_app_link_to_itself_the_apps_below_and_the_site(source):
    assert upward_links(source, "measures/templates/measures/list.html", "measures") == []
