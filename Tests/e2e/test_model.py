"""The committed service models (Sources/AWSModel/Generated) are what the generator writes from the
pinned botocore: a model changed by hand, or a pin moved without `make model`, fails here."""
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
    """docs/operations.md is the README's table of operations: one row each, none missing."""
    pin = pinned_version()
    if botocore.__version__ != pin:
        pytest.skip(f"botocore {botocore.__version__} is not the pinned {pin}")
    operations = botocore_session.get_session().get_service_model("sesv2").operation_names
    rows = re.findall(r"^\| `(\w+)` \| `[A-Z]+ [^`]+` \| .+ \|$", (ROOT / "docs/operations.md").read_text(), re.M)
    assert sorted(rows) == sorted(operations)
    linked = set(re.findall(r"\]\(([\w-]+\.md)\)", (ROOT / "docs/operations.md").read_text()))
    assert linked and all((ROOT / "docs" / page).exists() for page in linked), linked
