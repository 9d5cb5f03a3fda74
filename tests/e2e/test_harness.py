"""The harness itself: a notebook opens, cells run in the UI, kernel state reads back."""

import pytest
from playwright.sync_api import expect

from .conftest import run_python

pytestmark = pytest.mark.browser


def test_cells_run_in_the_ui_and_kernel_state_reads_back(lab):
    lab.open_notebook("harness", ["x = 41", "print('first', x)"])
    lab.run_all()
    expect(lab.cell(1).locator(".jp-OutputArea")).to_contain_text("first 41")
    cell = lab.run_cell("x += 1\nprint('hello from', x)")
    expect(cell.output).to_contain_text("hello from 42")
    assert lab.run_python("print(x * 2)") == "84\n"
    assert lab.python_json("{'x': x}") == {"x": 42}
    assert run_python(lab.page, "print(x)") == "42\n"  # the current notebook's kernel
    with pytest.raises(lab.KernelError, match="ZeroDivisionError"):
        lab.run_python("1 / 0")
    with pytest.raises(lab.KernelError, match="NameError"):
        lab.run_cell("undefined_name")
    assert not lab.external_requests, lab.external_requests  # no news, no update check
