"""One error hierarchy, one-line messages, and one wording for a bad value (thing, value, options, guess)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import errors
from pipeline.errors import (ConfigError, PipelineError, ResourceError, UnsupportedFormatError, did_you_mean,
                             invalid_value, one_line)

EXECUTORS = ("serial", "process", "dask")


@pytest.mark.parametrize(("message", "line"), [
    ("a\nb", "a b"),
    ("  cannot read\tpage 3\r\n\n  of r.pdf  ", "cannot read page 3 of r.pdf"),
    ("already one line", "already one line"),
    ("", ""),
])
def test_one_line_examples(message: str, line: str) -> None:
    assert one_line(message) == line


@given(st.text())
def test_one_line_has_no_line_breaks_and_keeps_the_words(message: str) -> None:
    line = one_line(message)
    assert len(line.splitlines()) <= 1 and line == line.strip()
    assert line.split() == message.split()


def test_every_nexus_error_is_a_pipeline_error() -> None:
    assert issubclass(ResourceError, PipelineError) and issubclass(ConfigError, PipelineError)
    assert UnsupportedFormatError.status == "skipped" and PipelineError.status == "failed"
    from pipeline.resources import schema, sdg

    assert schema.ResourceError is ResourceError  # the loaders raise the one class of errors.py
    assert issubclass(sdg.UnknownSdgCodeError, ResourceError)


def test_invalid_value_names_the_thing_the_value_and_the_options() -> None:
    assert invalid_value("executor", "threads", EXECUTORS) == "executor 'threads' is not one of serial, process, dask"
    assert invalid_value("executor", "seriall", EXECUTORS) == (
        "executor 'seriall' is not one of serial, process, dask; did you mean 'serial'?")
    assert invalid_value("workers", 0, ("1", "2")) == "workers 0 is not one of 1, 2"  # repr shows the type
    assert invalid_value("x", "a", []) == "x 'a' is not one of (nothing)"


def test_invalid_value_guesses_case_insensitively_and_keeps_the_options_spelling() -> None:
    assert did_you_mean("REMITANCES", ("remittances", "diaspora")) == ["remittances"]
    assert did_you_mean("mar", ("MAR", "MRT", "FRA")) == ["MAR", "MRT"]
    assert did_you_mean("zzz", EXECUTORS) == []
    assert len(did_you_mean("10.1", [f"10.{i}" for i in range(1, 8)])) == errors.CLOSE_MATCHES


def test_invalid_value_lists_two_and_three_guesses_readably() -> None:
    options = ("abc", "abd", "abe")
    assert invalid_value("t", "ab", options, suggestions=options[:2]).endswith("; did you mean 'abc' or 'abd'?")
    assert invalid_value("t", "ab", options, suggestions=options).endswith("; did you mean 'abc', 'abd' or 'abe'?")
    assert sorted(did_you_mean("ab", options)) == list(options)


def test_long_option_lists_are_cut_or_described() -> None:
    codes = [f"C{i:02d}" for i in range(errors.MAX_LISTED + 5)]
    cut = invalid_value("code", "Q", codes)
    assert cut == f"code 'Q' is not one of {', '.join(codes[:errors.MAX_LISTED])}, … ({len(codes)} in all)"
    described = invalid_value("country", "Maroc", ["MAR", "FRA"], described="the ISO3 codes", suggestions=["MAR"])
    assert described == "country 'Maroc' is not one of the ISO3 codes; did you mean 'MAR'?"
    assert invalid_value("c", "MAR1", ["MAR"], suggestions=[]) == "c 'MAR1' is not one of MAR"  # no guess wanted


def test_repeated_options_are_listed_once() -> None:
    assert invalid_value("lang", "de", ["en", "fr", "en", "es"]) == "lang 'de' is not one of en, fr, es"


def test_settings_use_the_one_wording() -> None:
    from pipeline.config import Settings, load_settings

    with pytest.raises(ConfigError, match=r"^executor 'threads' is not one of serial, process, dask$"):
        Settings(executor="threads")
    with pytest.raises(ConfigError, match=r"^setting 'worker' is not one of .*; did you mean 'workers'\?$"):
        load_settings(overrides={"worker": 2})
