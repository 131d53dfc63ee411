"""How the package sits on its libraries: importing it changes nothing in ReportLab."""
from __future__ import annotations

import json
import subprocess
import sys

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
