"""The committed service models (Sources/AWSModel/Generated) are what the generator writes from the
pinned botocore: a model changed by hand, or a pin moved without `make model`, fails here. Also the
documentation's shape: README.md short, every relative link of README.md and docs/ resolving."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import botocore
import botocore.session as botocore_session
import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "Sources/AWSModel/Generated"
GENERATOR = ROOT / "Sources/AWSModel/Generator/generate.py"


def pinned_version() -> str:
    match = re.search(r"^BOTOCORE_VERSION\s*:=\s*(\S+)", (ROOT / "Makefile").read_text(), re.M)
    assert match, "the Makefile names no BOTOCORE_VERSION"
    return match.group(1)


def test_the_committed_models_are_a_regeneration_with_the_pinned_botocore(tmp_path):
    pin = pinned_version()
    if botocore.__version__ != pin:
        message = f"botocore {botocore.__version__} is not the pinned {pin}; `make test` runs this under the pin"
        if os.environ.get("SES_SDK_PINNED"):
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run([sys.executable, str(GENERATOR), str(tmp_path)], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in GENERATED.iterdir())
    for name in written:
        fresh, committed = (tmp_path / name).read_text(), (GENERATED / name).read_text()
        assert fresh == committed, f"{name} differs from a regeneration with botocore {pin}: run `make model`"


def test_the_generated_models_carry_no_documentation():
    for path in GENERATED.iterdir():
        text = path.read_text()
        assert '"documentation"' not in text and "<p>" not in text, path.name


def test_the_operations_page_names_every_operation_of_the_model_once():
    """docs/operations.md is the table of operations: one row each, none missing."""
    pin = pinned_version()
    if botocore.__version__ != pin:
        pytest.skip(f"botocore {botocore.__version__} is not the pinned {pin}")
    operations = botocore_session.get_session().get_service_model("sesv2").operation_names
    rows = re.findall(r"^\| `(\w+)` \| `[A-Z]+ [^`]+` \| .+ \|$", (ROOT / "docs/operations.md").read_text(), re.M)
    assert sorted(rows) == sorted(operations)
    linked = set(re.findall(r"\]\(([\w-]+\.md)\)", (ROOT / "docs/operations.md").read_text()))
    assert linked and all((ROOT / "docs" / page).exists() for page in linked), linked


# --- the documentation's shape -------------------------------------------------------------------

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_readme_is_at_most_300_lines():
    lines = (ROOT / "README.md").read_text().count("\n")
    assert lines <= 300, f"README.md has {lines} lines; reference material belongs in docs/"


def anchors(page: Path) -> set[str]:
    """GitHub's anchors of a Markdown file's headings (outside code blocks)."""
    text = re.sub(r"^```.*?^```", "", page.read_text(), flags=re.M | re.S)
    found = set()
    for heading in re.findall(r"^#{1,6} (.+?)\s*$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_points_to_an_existing_file_and_heading(page):
    text = re.sub(r"^```.*?^```", "", page.read_text(), flags=re.M | re.S)
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    relative = [link for link in links if not re.match(r"[a-z]+:", link)]
    for link in relative:
        path, _, anchor = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        assert target.exists(), f"{page.relative_to(ROOT)}: {link} names no file"
        if anchor:
            assert target.suffix == ".md" and anchor in anchors(target), f"{page.relative_to(ROOT)}: {link} names no heading"


def test_the_readme_links_every_docs_page():
    readme = (ROOT / "README.md").read_text()
    linked = set(re.findall(r"\]\(docs/([\w-]+\.md)\)", readme))
    pages = {p.name for p in (ROOT / "docs").glob("*.md")}
    assert pages == linked, (sorted(pages - linked), sorted(linked - pages))


def test_no_dated_diary_text_in_readme_or_docs():
    for page in PAGES:
        text = page.read_text()
        for pattern in (r"\(issues? \d+", r"\bissues? \d+\b", r"today's runs?", r"yesterday's runs?",
                        r"\bmeasured (?:here|today|on 20)", r"\(20\d\d-\d\d-\d\d\)"):
            assert not re.search(pattern, text, re.I), (page.name, pattern, re.search(pattern, text, re.I).group(0))

