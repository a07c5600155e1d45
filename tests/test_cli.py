"""The command line: its output, its options, and one-line errors with exit status 2."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import entry_points

import numpy as np
import pytest

from backprop import xor
from backprop.cli import main, prediction_lines


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backprop", *args],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),  # "→" on any console
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
    assert len(lines) == 9  # 4 progress lines, 4 predictions, and why it is not solved yet
    assert lines[-1].startswith("not yet: E is still falling")


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


def test_a_run_whose_history_cannot_fit_in_memory_is_refused_in_one_line() -> None:
    result = run("--sweeps", "1000000000000")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "sweeps=1000000000000 needs 8.0 TB of memory for the history of E alone" in result.stderr


def test_an_absurd_number_of_sweeps_is_one_line_not_a_traceback() -> None:
    result = run("--sweeps", "1" + "0" * 29)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "needs" in result.stderr and "Traceback" not in result.stderr


def test_a_closed_pipe_ends_the_run_quietly_with_status_0() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "backprop", "--print-every", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )
    with process:
        first = process.stdout.readline()  # like `head -1`: read one line, close the pipe
        process.stdout.close()
        assert process.wait(timeout=120) == 0
        assert first.startswith(b"Step     0")
        assert process.stderr.read() == b""


def test_a_console_that_cannot_encode_the_arrow_gets_ascii() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "backprop", "--sweeps", "2001"],
        capture_output=True,
        encoding="cp1252",
        env=dict(os.environ, PYTHONIOENCODING="cp1252"),
        timeout=120,
    )
    assert result.returncode == 0 and result.stderr == ""
    assert "Input [0 0] -> Predicted: 0.129 | Correct: 0" in result.stdout.splitlines()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
def test_ctrl_c_prints_where_training_was_and_exits_130() -> None:
    import signal

    # As from a terminal: a shell that starts pytest in the background (`pytest &` in a
    # script) ignores SIGINT, the child would inherit that and train on for two minutes.
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    if ignored:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "backprop", "--sweeps", "100000000", "--print-every", "1000"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            encoding="utf-8",
            env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        )
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    with process:
        process.stdout.readline()  # sweep 0 has been watched and printed: training is on
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert re.fullmatch(r"\nbackprop: interrupted at sweep \d+ \(E = \d\.\d{4}\)\n", err), err


@pytest.mark.parametrize(
    "args", [["--hidden", "1000"], ["--epsilon", "1e6", "--sweeps", "50"]], ids=" ".join
)
def test_a_saturated_network_is_diagnosed_in_the_last_line(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 0
    last = result.stdout.splitlines()[-1]
    assert last.startswith("saturated: 1 of ") and "lower the learning rate" in last


def test_a_run_stuck_in_a_local_minimum_is_diagnosed() -> None:
    result = run("--hidden", "2", "--biases", "--seed", "16")
    assert result.stdout.splitlines()[-1].startswith(
        "stuck: inputs [1 0] and [1 1] get the same hidden pattern"
    )


def test_a_solved_run_has_no_diagnosis() -> None:
    result = run("--sweeps", "2001")
    assert result.stdout.splitlines()[-1].startswith("Input [1 1]")


def test_prediction_lines_names_targets_with_a_run_axis_instead_of_failing_to_format() -> None:
    """Found by tests/test_fuzz.py: d of shape (1, 4, 1) beside y of shape (4, 1)."""
    inputs, d = xor()
    with pytest.raises(ValueError, match=r"must be 2-D.*\(4, 2\), \(4, 1\), \(1, 4, 1\)"):
        prediction_lines(inputs, d * 0.5, d[np.newaxis])
