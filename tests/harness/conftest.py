"""Fixtures shared by the harness's tests."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


@pytest.fixture
def screenshot(tmp_path):
    """``screenshot(page, width, height)``: the HTML file ``page`` as headless Chromium draws
    it in a window of that size, an RGB array of floats in 0..1. The test is skipped, with
    the reason, where no Chromium is found. The PNG is kept in ``$AUTOGRADER_SCREENSHOTS``
    when that is set (to look at it)."""
    binary = next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)
    if binary is None:
        pytest.skip("no chromium binary on PATH (Debian: apt-get install chromium)")
    from matplotlib.image import imread

    def take(page: Path, width: int, height: int):
        picture = tmp_path / f"{page.stem}.png"
        run = subprocess.run(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--disable-background-networking", "--no-first-run", "--disable-component-update",
             f"--user-data-dir={tmp_path / 'chromium-profile'}", f"--screenshot={picture}", f"--window-size={width},{height}",
             page.resolve().as_uri()], capture_output=True, text=True, timeout=120)
        assert picture.is_file(), run.stderr
        if os.environ.get("AUTOGRADER_SCREENSHOTS"):
            kept = Path(os.environ["AUTOGRADER_SCREENSHOTS"])
            kept.mkdir(parents=True, exist_ok=True)
            shutil.copy(picture, kept / picture.name)
        pixels = imread(picture)[..., :3]
        assert pixels.shape[:2] == (height, width)
        return pixels

    return take
