"""The command line: its output, its options, and one-line errors with exit status 2."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

import pytest

from backprop.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backprop", *args], capture_output=True, text=True, timeout=120
    )


def test_python_m_backprop_prints_the_tutorials_true_trajectory_and_predictions() -> None:
    result = run()
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "Step     0 | Loss: 0.2557",
        "Step  2000 | Loss: 0.0128",
        "Step  4000 | Loss: 0.0027",
        "Step  6000 | Loss: 0.0013",
        "Step  8000 | Loss: 0.0009",
        "Step 10000 | Loss: 0.0006",
        "Input [0 0] → Predicted: 0.026 | Correct: 0",
        "Input [0 1] → Predicted: 0.975 | Correct: 1",
        "Input [1 0] → Predicted: 0.975 | Correct: 1",
        "Input [1 1] → Predicted: 0.023 | Correct: 0",
    ]


def test_options_change_the_run(capsys) -> None:
    args = ["--hidden", "2", "--biases", "--epsilon", "1.0", "--sweeps", "301"]
    assert main([*args, "--seed", "3", "--momentum", "0.5", "--print-every", "100"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line[:10] for line in lines[:4]] == [
        "Step     0",
        "Step   100",
        "Step   200",
        "Step   300",
    ]
    assert len(lines) == 8


def test_the_backprop_console_script_is_the_cli_main() -> None:
    (script,) = entry_points(group="console_scripts", name="backprop")
    assert script.load() is main


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hidden", "0"], "argument --hidden: must be a whole number >= 1, got '0'"),
        (["--epsilon", "-1"], "must be a finite number > 0, got '-1'"),
        (["--learning-rate", "nan"], "must be a finite number > 0, got 'nan'"),
        (["--momentum", "1"], "argument --alpha/--momentum: must be a number in [0, 1), got '1'"),
        (["--sweeps", "2.5"], "argument --sweeps: must be a whole number >= 1, got '2.5'"),
        (["--print-every", "0"], "argument --print-every: must be a whole number >= 1, got '0'"),
        (["--seed", "-1"], "seed must be a whole number in [0, 2**32), got -1"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_a_bad_option_prints_one_line_and_exits_2(args, message) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("backprop: error: ")
    assert message in result.stderr
