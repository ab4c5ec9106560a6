"""The tour notebook (examples/tour.ipynb) runs from top to bottom on the sample, offline, in a tmp copy."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT, SAMPLE

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")

NOTEBOOK = ROOT / "examples" / "tour.ipynb"


def test_the_tour_notebook_runs_and_shows_what_it_says(tmp_path):
    (tmp_path / "data").mkdir()
    shutil.copy(SAMPLE, tmp_path / "data")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # the kernel runs in tmp_path, so everything the notebook writes lands there
    nbclient.NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    html = "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "1 article, 9 comments" in text
    assert "NHS Tayside" in html and "Engaging clinicians" in html  # the evidence DataFrame
    assert "<iframe srcdoc=" in html  # kg.show() inline
    assert (tmp_path / "build" / "tour.trig").is_file() and (tmp_path / "build" / "tour-report.html").is_file()
