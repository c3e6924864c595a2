"""The Nu Html Checker (vnu.jar, run with Java): no error in any HTML page or stylesheet."""
import shutil
import subprocess

import pytest
from conftest import NODE_MODULES, SOURCE, SOURCE_INSTRUMENTS, require

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
