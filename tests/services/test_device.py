"""The device id: made once in the data folder, stable, overridable, never in the database."""

from __future__ import annotations

import pytest

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.services import device


@pytest.fixture(autouse=True)
def no_override(monkeypatch):
    monkeypatch.delenv(device.ENVIRONMENT, raising=False)


def test_made_once_and_kept(tmp_path):
    first = device.device_id(tmp_path / "data")
    assert device.device_id(tmp_path / "data") == first
    assert (tmp_path / "data" / device.FILENAME).read_text().strip() == first
    assert [p.name for p in (tmp_path / "data").iterdir()] == [device.FILENAME]  # no temporary file left
    assert device.device_id(tmp_path / "other") != first


def test_the_environment_overrides_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv(device.ENVIRONMENT, "laptop-7")
    assert device.device_id(tmp_path) == "laptop-7"
    assert not (tmp_path / device.FILENAME).exists()
    monkeypatch.setenv(device.ENVIRONMENT, "no spaces/slashes")
    with pytest.raises(UserError):
        device.device_id(tmp_path)


def test_a_damaged_file_is_reported_not_replaced(tmp_path):
    (tmp_path / device.FILENAME).write_text("\n")
    with pytest.raises(UserError, match=device.FILENAME):
        device.device_id(tmp_path)
    assert (tmp_path / device.FILENAME).read_text() == "\n"


def test_the_default_folder_is_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(device, "data_dir", lambda: tmp_path)
    assert device.device_id() == (tmp_path / device.FILENAME).read_text().strip()
