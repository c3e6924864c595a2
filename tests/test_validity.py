"""The Nu Html Checker (vnu.jar, run with Java): no error in any HTML page or stylesheet."""
import shutil
import subprocess

import pytest
from conftest import NODE_MODULES, PROJECT, SOURCE, SOURCE_INSTRUMENTS, require

pytestmark = pytest.mark.validators

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_and_stylesheet_is_valid(site):
    require(VNU.exists(), "install the npm tools: npm ci")
    require(shutil.which("java") is not None, "install Java: apt-get install default-jre-headless")
    files = sorted(str(path) for pattern in ("*.html", "*.css") for path in site.rglob(pattern))
    assert len(files) >= len(SOURCE) + len(SOURCE_INSTRUMENTS) + 3  # the index, 404 and a stylesheet
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--errors-only", "--also-check-css", "--stdout", *files],
        capture_output=True, text=True, timeout=300,
    )
    assert result.stdout + result.stderr == ""
    assert result.returncode == 0


VALID = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A page</title></head><body><p>Fine.</p></body></html>\n'


@pytest.mark.parametrize("page, passes", [(VALID, True), (VALID.replace("<p>Fine.</p>", "<p><div>Not fine.</p>"), False)])
def test_the_pages_workflows_check_of_a_built_site_reads_its_pages_and_stylesheets_only(tmp_path, page, passes):
    # What `make check-html` runs on a data-only push before it deploys (.ci/check-html).
    require(VNU.exists(), "install the npm tools: npm ci")
    require(shutil.which("java") is not None, "install Java: apt-get install default-jre-headless")
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "1.html").write_text(page, encoding="utf-8")
    (tmp_path / "style.css").write_text("body { color: black; }\n", encoding="utf-8")
    (tmp_path / "programs.csv").write_text('"id","title"\r\n1,"<not html>"\r\n', encoding="utf-8")
    result = subprocess.run(["bash", str(PROJECT / ".ci" / "check-html"), str(tmp_path)], capture_output=True,
                            text=True, timeout=120)
    assert (result.returncode == 0) is passes, result.stdout + result.stderr
    assert ("1.html" in result.stdout + result.stderr) is not passes and "programs.csv" not in result.stdout + result.stderr
