"""How the package is built: its stages import downwards only (inputs <- render <- pdf <- build <- cli),
and importing it changes nothing in ReportLab."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import leaflet_builder

PACKAGE = Path(leaflet_builder.__file__).parent
# each stage may import from itself and the stages before it; errors.py is everyone's
STAGES = ["errors", "inputs", "render", "pdf", "build", "cli"]


def stage(module: str) -> str:
    """The stage of a module named relative to the package, e.g. "render.tagging" -> "render"."""
    return module.split(".")[0]


def imported(path: Path) -> set[str]:
    """The package's modules that the module at ``path`` imports, named relative to the package."""
    here = path.relative_to(PACKAGE).with_suffix("").parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(here[:len(here) - node.level])
            target = ".".join([*base, node.module] if node.module else base)
            found |= {f"{target}.{alias.name}" if not node.module else target for alias in node.names}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [node.module] if isinstance(node, ast.ImportFrom) else [alias.name for alias in node.names]
            found |= {name.removeprefix("leaflet_builder.") for name in names if name.startswith("leaflet_builder.")}
    return found


def test_the_stages_import_downwards_only():
    modules = sorted(path for path in PACKAGE.rglob("*.py") if path.name != "__init__.py")
    assert {stage(".".join(path.relative_to(PACKAGE).with_suffix("").parts)) for path in modules} == set(STAGES)
    upward = [f"{path.relative_to(PACKAGE)} imports {name}" for path in modules for name in imported(path)
              if STAGES.index(stage(name)) > STAGES.index(stage(".".join(path.relative_to(PACKAGE).parts)))]
    assert upward == []

# the state of every ReportLab class and setting loaded: each class attribute's name and what it is (a
# function by its module and name, other values by their repr), and rl_config's values
_STATE = """
import inspect, json, pkgutil, re, sys, importlib
if sys.argv[1] == "package":
    import leaflet_builder
    for module in pkgutil.walk_packages(leaflet_builder.__path__, "leaflet_builder."):
        importlib.import_module(module.name)
    print(json.dumps(sorted(name for name in sys.modules if name.startswith("reportlab"))), file=sys.stderr)
else:
    for name in json.loads(sys.argv[2]):
        importlib.import_module(name)

def shown(value):
    function = getattr(value, "__func__", value)
    if inspect.isfunction(function):
        return f"{function.__module__}.{function.__qualname__}"
    if isinstance(value, (str, int, float, bool, tuple, list, type(None))):
        return re.sub(" at 0x[0-9a-f]+", "", repr(value))
    return type(value).__name__

state = {}
for name, module in sorted(sys.modules.items()):
    if not name.startswith("reportlab") or module is None:
        continue
    for cls_name, cls in vars(module).items():
        if inspect.isclass(cls) and cls.__module__ == name:
            for attr, value in vars(cls).items():
                state[f"{name}.{cls_name}.{attr}"] = shown(value)
from reportlab import rl_config
state.update({f"rl_config.{k}": shown(v) for k, v in vars(rl_config).items() if not k.startswith("_")})
print(json.dumps(state))
"""


def _state(*args: str) -> tuple[dict, str]:
    done = subprocess.run([sys.executable, "-c", _STATE, *args], check=True, capture_output=True, text=True)
    return json.loads(done.stdout), done.stderr


def test_importing_the_package_changes_no_reportlab_class_or_setting():
    with_package, loaded = _state("package")
    without, _ = _state("reportlab", loaded.strip().splitlines()[-1])
    changed = sorted(key for key in without.keys() | with_package.keys() if without.get(key) != with_package.get(key))
    assert len(with_package) > 1000 and changed == []
