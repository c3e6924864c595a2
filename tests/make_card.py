"""static/card.png, the 1200 x 630 picture a shared link shows, drawn from static/card.svg by
Debian's Chromium: `make card`. The PNG is kept in the repository, so a build needs no browser."""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from conftest import CHROMIUM, PROJECT  # noqa: E402

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
    page = browser.new_page(viewport={"width": 1200, "height": 630})
    page.goto((PROJECT / "static" / "card.svg").as_uri())
    page.screenshot(path=PROJECT / "static" / "card.png")
    browser.close()
print("static/card.png")
