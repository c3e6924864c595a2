"""axe-core in Chromium: no WCAG 2.2 A/AA violation and no best-practice issue, in light and dark."""
import pytest
from conftest import NODE_MODULES, SOURCE, SOURCE_INSTRUMENTS, require, site_pages

pytestmark = pytest.mark.validators

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_an_axe_violation(served, browser, scheme):
    require(AXE.exists(), "install the npm tools: npm ci")
    # The site's Content-Security-Policy rightly forbids injected scripts; axe is the test's own.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme, bypass_csp=True)
    context.add_init_script(path=str(AXE))  # in every page as it opens: no script tag added to each
    page = context.new_page()
    violations = []
    addresses = site_pages(served.folder)
    if scheme == "dark":
        # The dark scheme changes colours only, which each kind of page takes from its template
        # and the stylesheet: one page of each kind (the index, a program, a group of each kind,
        # the topics, fields, changes and about pages, the 404) is every combination there is.
        addresses = list({address.split("/")[0] if "/" in address else address: address
                          for address in reversed(addresses)}.values())
    for address in addresses:
        page.goto(served.base + address)
        found = page.evaluate(
            """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
                .then(result => result.violations.map(v =>
                    v.id + " (" + v.impact + "): " + v.nodes.map(n => n.target.join(" ")).join(", ")))""",
            RULE_TAGS,
        )
        violations += [f"{address or 'index'}: {violation}" for violation in found]
    context.close()
    assert len(addresses) >= (len(SOURCE) + len(SOURCE_INSTRUMENTS) + 2 if scheme == "light" else 9)
    assert violations == []
