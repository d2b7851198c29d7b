"""The bundled examples ship in the wheel: build it, install it in a fresh venv, use them by name.

The venv sees the current interpreter's site-packages (numpy, scipy, ...: nothing is downloaded but
the build backend, which pip fetches as for any build) and installs the wheel itself with --no-deps
--no-index; every command runs from a folder outside the repository, without PYTHONPATH.
"""

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(cmd, cwd, env):
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return proc.stdout


@pytest.mark.slow
def test_examples_run_by_name_from_an_installed_wheel(tmp_path):
    src = tmp_path / "src"  # a clean copy: setuptools' build/ of the checkout may hold stale files
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "pfsim", src / "pfsim", ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    wheels = tmp_path / "wheels"
    _run(
        [sys.executable, "-m", "pip", "wheel", str(src), "-w", str(wheels), "--no-deps", "-q"],
        tmp_path,
        env,
    )
    (wheel,) = wheels.glob("pfsim-*.whl")
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert "pfsim/py.typed" in names  # the type marker (PEP 561) ships
    assert "pfsim/examples/runners/hip_driven.toml" in names
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(tmp_path / "venv")
    bin_dir = tmp_path / "venv" / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ],
        tmp_path,
        env,
    )
    away = tmp_path / "elsewhere"
    away.mkdir()
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    code = (
        "import pfsim, pathlib; "
        "print(pathlib.Path(pfsim.__file__).resolve()); "
        "print(pfsim.load_runner('hip_driven').name)"
    )
    where, name = _run([str(python), "-c", code], away, env).split()
    assert Path(where).is_relative_to((tmp_path / "venv").resolve()), where  # not the checkout
    assert name == "hip-driven"
    # issue 14: the default joint call is finite over 0-90 deg with no warning (-W error)
    code = (
        "import numpy as np, pfsim; "
        "r = pfsim.patellofemoral_load(np.linspace(0, 90, 91), quad_force_N=3000); "
        "print(bool(np.isfinite(r.contact_stress_MPa).all()), r.area_fit)"
    )
    assert _run([str(python), "-W", "error", "-c", code], away, env).split() == [
        "True",
        "kernozek2015",
    ]
    listing = _run([str(bin_dir / "pfsim"), "examples"], away, env)
    for example in ("hip_driven", "jump40_hills", "cadence_grid", "runner_profile_sobol"):
        assert f"  {example} " in listing
    run = json.loads(
        _run([str(bin_dir / "pfsim"), "run", "--runner", "hip_driven", "--json"], away, env)
    )
    assert run["runner"] == "hip-driven" and run["peak_lateral_facet_stress_MPa"] > 0
    load = _run(
        [str(bin_dir / "pfsim"), "load", "jump40_hills", "--runner", "load_driven"], away, env
    )
    assert "runner 'load-driven'" in load
    assert not list(away.iterdir())  # nothing written where it ran
