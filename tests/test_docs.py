"""The examples in the README and the docs run, and their shown output is asserted.

Examples are ``>>>`` sessions in ``pycon`` fences, checked with the standard doctest
module; examples/ scripts run as the README says to run them.
"""

from __future__ import annotations

import doctest
import os
import pathlib
import runpy
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples(page: pathlib.Path) -> None:
    """Every >>> example on the page gives the output shown."""
    result = doctest.testfile(
        str(page),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.failed == 0


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(
    script: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each example script runs to the end and prints something."""
    monkeypatch.setattr(sys, "argv", [str(script)])
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out.strip()


def test_quickstart_prints_the_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's first command prints the DiState deadline across the New Year."""
    runpy.run_path(str(ROOT / "examples" / "quickstart.py"), run_name="__main__")
    assert "deadline: Mon 2026-01-12 12:30 MSK" in capsys.readouterr().out


def test_preset_pages_are_generated_from_the_data() -> None:
    """docs/presets/*.md are what docs/gen_presets.py writes from the presets today."""
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        import gen_presets
    finally:
        sys.path.remove(str(ROOT / "docs"))
    import slakit

    for name in slakit.presets.names():
        page = ROOT / "docs" / "presets" / f"{name}.md"
        assert page.read_text(encoding="utf-8") == gen_presets.page(name), (
            f"{page} is stale: run python docs/gen_presets.py"
        )


def test_ci_example_passes_on_its_own(tmp_path: pathlib.Path) -> None:
    """`python -m pytest examples/ci`, as the example says, runs its one check and passes.

    The example's own pytest.ini keeps this repository's options (its coverage floor
    over the whole library) out of a run that exercises one deadline.
    """
    env = {**os.environ}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "examples/ci", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    assert "coverage" not in result.stdout.lower()
