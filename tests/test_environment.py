"""The conda environment and the pip lock name the same versions."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis import config


def lock_versions():
    text = (config.PROJECT_ROOT / "requirements.lock").read_text()
    return {name.lower(): version for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)$", text, re.M)}


def test_environment_yml_pins_the_locked_versions_of_every_direct_dependency():
    environment = yaml.safe_load((config.PROJECT_ROOT / "environment.yml").read_text())
    conda = dict(item.split("=", 1) for item in environment["dependencies"] if isinstance(item, str) and "=" in item)
    conda.pop("python")
    project = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    direct = project["dependencies"] + project["optional-dependencies"]["test"]
    names = {re.split(r"[<>=!~ ]", requirement)[0].lower() for requirement in direct}
    assert set(conda) == names, f"environment.yml lists {sorted(conda)}, pyproject.toml {sorted(names)}"
    locked = lock_versions()
    differing = {name: (version, locked.get(name)) for name, version in conda.items() if locked.get(name) != version}
    assert not differing, f"environment.yml and requirements.lock disagree (conda, lock): {differing}"


def test_the_lock_pins_every_package_exactly():
    lines = [line for line in (config.PROJECT_ROOT / "requirements.lock").read_text().splitlines()
             if line and not line.startswith("#")]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.\-]+==\S+", line) for line in lines)
    assert "jupyterlab" not in lock_versions(), "JupyterLab belongs in requirements-lab.txt, not the build lock"
