"""The apps in layers, lowest first, and the checks that imports and links only point down.

An app may import the apps below it and never one above it; `core` imports no app. Its
templates likewise `{% url %}` only the URL namespaces (the app labels) of itself and the
apps below. An upper app shows its content on a lower app's pages by registering with a
registry the lower app exposes (e.g. `programmes.contributions`) from its
`AppConfig.ready()`. tests/test_layers.py runs the checks over the whole source tree.
"""

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "omradeloft"
LAYERS = (
    "core",
    "accounts",
    "areas",
    "indicators",
    "targeting",
    "programmes",
    "measures",
    "evaluation",
    "demo",
)


@dataclass(frozen=True)
class UpwardImport:
    module: str  # dotted name of the importing module
    line: int
    imported: str  # dotted name of what it imports

    def __str__(self) -> str:
        return f"{self.module}, line {self.line}: imports {self.imported} from a higher layer"


def app_of(dotted: str) -> str | None:
    """The app a dotted module name belongs to, None outside the apps."""
    parts = dotted.split(".")
    if len(parts) > 1 and parts[0] == PACKAGE and parts[1] in LAYERS:
        return parts[1]
    return None


def imported_modules(tree: ast.Module, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of everything `module` imports, at any depth of the code
    (functions and methods too), relative imports resolved."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            # `from omradeloft import measures` names the app in the imported names.
            if base == PACKAGE:
                for alias in node.names:
                    yield node.lineno, f"{base}.{alias.name}"
            else:
                yield node.lineno, base


def upward_imports(source: str, module: str, is_package: bool = False) -> list[UpwardImport]:
    """The imports in `source` (the text of `module`) of an app above the module's own."""
    own = app_of(module)
    if own is None:
        return []
    found = []
    for line, imported in imported_modules(ast.parse(source), module, is_package):
        target = app_of(imported)
        if target is not None and LAYERS.index(target) > LAYERS.index(own):
            found.append(UpwardImport(module, line, imported))
    return found


def check_tree(root: Path) -> list[UpwardImport]:
    """Every upward import in the apps under `root` (the `omradeloft` package directory)."""
    found = []
    for path in sorted(root.glob("*/**/*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        module = ".".join([PACKAGE, *(parts[:-1] if is_package else parts)])
        found += upward_imports(path.read_text(encoding="utf-8"), module, is_package)
    return found


# The namespace of a `{% url "namespace:name" ... %}` tag.
URL_TAG = re.compile(r"""\{%\s*url\s+["'](?P<namespace>[\w-]+):""")


@dataclass(frozen=True)
class UpwardLink:
    template: str  # path of the template inside the `omradeloft` package
    line: int
    namespace: str  # the URL namespace, an app label

    def __str__(self) -> str:
        return (
            f"{self.template}, line {self.line}: links to {self.namespace} URLs from a higher layer"
        )


def upward_links(source: str, template: str, app: str) -> list[UpwardLink]:
    """The `{% url %}` tags in `source` (the text of `template`, one of `app`'s templates)
    that name the URL namespace of an app above `app`; namespaces of no app (`admin`) and
    URL names without a namespace (`login`) are not the layers' concern."""
    found = []
    for match in URL_TAG.finditer(source):
        namespace = match["namespace"]
        if namespace in LAYERS and LAYERS.index(namespace) > LAYERS.index(app):
            line = source.count("\n", 0, match.start()) + 1
            found.append(UpwardLink(template, line, namespace))
    return found


def check_templates(root: Path) -> list[UpwardLink]:
    """Every upward link in the templates of the apps under `root` (the `omradeloft`
    package directory)."""
    found = []
    for path in sorted(root.glob("*/templates/**/*.html")):
        app = path.relative_to(root).parts[0]
        if app in LAYERS:
            template = str(path.relative_to(root))
            found += upward_links(path.read_text(encoding="utf-8"), template, app)
    return found
