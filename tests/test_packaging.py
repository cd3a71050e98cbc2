"""The wheel ships rules/, schemas/ and fixtures/ and works outside the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_checks_a_fixture_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        cwd=tmp_path,
    )
    wheel = next(dist.glob("ocrcheck-*.whl"))
    with zipfile.ZipFile(wheel) as archive:  # the resident ID check's shipped GB/T 2260 codes
        assert "ocrcheck/checks/gbt2260_codes.txt" in archive.namelist()
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True, cwd=tmp_path)
    # Dependencies come from this test environment's site-packages (offline); PYTHONPATH does not
    # process .pth files, so the editable install of the checkout stays out of the way.
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    env.pop("PYTHONHOME", None)
    where = subprocess.run(
        [str(python), "-c", "import ocrcheck.doctypes as d; print(d.data_dir('rules'))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    ).stdout.strip()
    assert where.startswith(str(env_dir)), where
    assert "/ocrcheck/_data/rules" in where

    fixture = ROOT / "fixtures" / "cn_train_ticket" / "service_example.openai.json"
    run = subprocess.run(
        [str(env_dir / "bin" / "ocrcheck"), "check", "--type", "cn_train_ticket", "--format", "json", str(fixture)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["status"] == "pass"
    # The shipped policies are package data: kyc refuses the ticket's masked passenger ID.
    kyc = subprocess.run(
        [str(env_dir / "bin" / "ocrcheck"), "check", "--type", "cn_train_ticket", "--format", "json",
         "--policy", "kyc", str(fixture)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert kyc.returncode == 1, kyc.stderr
    assert json.loads(kyc.stdout)["meta"]["policy"] == "kyc"
    types = subprocess.run(
        [str(env_dir / "bin" / "ocrcheck"), "types"], capture_output=True, text=True, check=True, cwd=tmp_path, env=env
    ).stdout
    assert "cn_train_ticket" in types
    demo = subprocess.run(
        [str(env_dir / "bin" / "ocrcheck"), "demo", "--review-queue", str(tmp_path / "q.jsonl")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert demo.returncode == 0, demo.stderr
    assert str(env_dir) in demo.stdout  # the fixtures shipped inside the wheel, not the checkout's
    assert (tmp_path / "q.jsonl").stat().st_size > 0
