"""A small synthetic register shared by the demo tests: three Grorud and three Vestre Aker
subdistricts over three years (a second or so to generate)."""

from pathlib import Path

import pyarrow as pa
import pytest

from omradeloft.demo.synthetic.register import generate_register, write_register

GRORUD = [("0301101001", "10"), ("0301101002", "10"), ("0301101005", "10")]
VESTRE_AKER = [("0301070701", "07"), ("0301070703", "07"), ("0301070707", "07")]
SMALL = GRORUD + VESTRE_AKER
YEARS = range(2019, 2022)
SCALE = 0.3


@pytest.fixture(scope="session")
def small_register() -> pa.Table:
    return generate_register(SMALL, YEARS, seed=7, scale=SCALE)


@pytest.fixture(scope="session")
def small_register_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "register.parquet"
    write_register(path, SMALL, YEARS, seed=7, scale=SCALE)
    return path
