"""Full-page screenshots of the site for a person to look at: `make screenshots`.

Each page at a phone's and a desktop's width, light and dark, and printed, in Debian's Chromium;
into test-artifacts/screenshots/ (or the folder given).
"""
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from conftest import CHROMIUM, PROJECT, pages_server  # noqa: E402

from sodrm import urls  # noqa: E402
from sodrm.pipeline import build  # noqa: E402

PAGES = {
    "index": "",
    "index-filtered": "?instrument=nirspec,miri&q=flat&sort=hours&order=descending",
    "program-96000": urls.public(urls.program(96000)),
    "instrument-miri": urls.public(urls.instrument("miri")),
    "topic-flat": urls.public(urls.topic("flat")),
    "mode-coronagraphy": urls.public(urls.group("modes", "coronagraphy")),
    "topics": urls.public(urls.TOPICS),
}


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary, sync_playwright() as playwright:
        out = Path(temporary) / "site"
        build(PROJECT / "data" / "programs.toml", PROJECT / "data" / "site.toml", out, cache=Path(temporary) / "cache")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        with pages_server(out) as base:
            for name, address in PAGES.items():
                for width in (375, 1280):
                    for scheme in ("light", "dark", "print"):
                        context = chromium.new_context(viewport={"width": width, "height": 800},
                                                       color_scheme="dark" if scheme == "dark" else "light")
                        page = context.new_page()
                        page.goto(base + address, wait_until="networkidle")
                        if "?" in address:  # the filters' code loads and applies the address's view
                            page.locator("form#filters[data-live]").wait_for(state="attached")
                        if scheme == "print":
                            page.emulate_media(media="print")
                        page.screenshot(path=folder / f"{name}-{width}-{scheme}.png", full_page=True)
                        context.close()
        chromium.close()
    print(f"Screenshots in {folder}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT / "test-artifacts" / "screenshots")
