"""Generator options are described once (jwgen.generate.GENERATOR_OPTIONS): every field of GenerateOptions
has its entry, every entry its field, ``jwgen generate``'s flags and the scenario keys are the table's, and an
option set from the command line or from a scenario file gives the same GenerateOptions."""
from __future__ import annotations

from dataclasses import fields

import pytest
import typer

import jwgen.scenario.steps
import jwgen.sets
from jwgen.cli import app, main
from jwgen.generate import GENERATOR_OPTIONS, IN_GENERATE, IN_STEP, GenerateOptions, options_from_values
from jwgen.errors import JwgenError
from jwgen.scenario import ScenarioError, parse, run

#: Parameters of ``jwgen generate`` that are not generator options.
NOT_OPTIONS = {"seed", "out", "force", "defect", "all_defects", "profile", "standard", "layout"}

#: A value other than the default for every option, as typed after its flag and as written in a scenario.
SAMPLES = {
    "verzekerden": ("5", "5"),
    "prestaties": ("2..4", "2..4"),
    "tarieven": ("2", "2"),
    "zorgactiviteiten": (None, "1..1"),
    "tijdsbestedingen": (None, "2"),
    "commentaren": (None, "0..1"),
    "debiteur": ("", "true"),
    "zorgactiviteit": ("", "true"),
    "tijdsbesteding": ("", "true"),
    "commentaar": ("", "true"),
    "records": ("40", "40"),
    "zonder_bsn": ("0.25", "0.25"),
    "ascii": ("", "true"),
    "encoding": ("windows-1252", "windows-1252"),
    "gemeente": ("599", '"599"'),
    "period": ("2018-12", "2018-12"),
    "soort_bericht": ("p", None),
}
BOTH = [name for name, option in GENERATOR_OPTIONS.items() if option.flags and option.scenario]


def generate_command():
    return typer.main.get_command(app).commands["generate"]


def test_every_field_has_one_option_and_every_option_its_fields():
    targets = [target for option in GENERATOR_OPTIONS.values() for target in option.targets]
    assert sorted(targets) == sorted(f.name for f in fields(GenerateOptions)), "a field without an option, or twice"


def test_every_option_is_set_somewhere_or_says_why_not():
    for name, option in GENERATOR_OPTIONS.items():
        assert bool(option.flags or option.scenario) != bool(option.internal), name
        assert option.scenario in (None, IN_GENERATE, IN_STEP), name
        if option.flags:
            assert option.help, f"{name}: a flag needs its help"
        if option.kind.name == "count" and option.scenario:
            assert option.bounds, f"{name}: a count in scenario files needs its bounds"


def test_the_generate_command_has_exactly_the_tables_flags():
    params = {p.name: p for p in generate_command().params}
    flagged = {name for name, option in GENERATOR_OPTIONS.items() if option.flags}
    assert set(params) - NOT_OPTIONS == flagged, "a flag that names no option, or an option without its flag"
    for name in flagged:
        option, param = GENERATOR_OPTIONS[name], params[name]
        declared = [part for flag in option.flags for part in flag.split("/")]
        assert param.opts + param.secondary_opts == declared, name
        assert param.help == option.help and param.default == option.cli_default, name


def test_every_scenario_key_is_an_option():
    keys = "\n".join(f"    {name}: {scenario}" for name, (_, scenario) in SAMPLES.items()
                     if scenario is not None and GENERATOR_OPTIONS[name].scenario == IN_GENERATE)
    source = f"name: every\ndescription: all keys\ngenerate:\n{keys}\nsteps:\n  - name: one\n    generate: true\n" \
             "    expect: approved\n"
    parse(source, "every.yaml")  # every key allowed
    with pytest.raises(ScenarioError, match=r"unknown key 'gemeentecode' \(allowed: verzekerden, .*, gemeente\)"):
        parse(source.replace("    gemeente:", "    gemeentecode:"), "every.yaml")


def test_every_option_has_a_sample_different_from_its_default():
    assert set(SAMPLES) == {name for name, option in GENERATOR_OPTIONS.items() if option.flags or option.scenario}
    for name, (cli, scenario) in SAMPLES.items():
        option = GENERATOR_OPTIONS[name]
        assert (cli is not None) == bool(option.flags) and (scenario is not None) == bool(option.scenario), name


def from_cli(name: str, monkeypatch) -> GenerateOptions:
    """The GenerateOptions ``jwgen generate --FLAG VALUE`` builds (stopped before it writes anything)."""
    seen = []

    def stop(options, *args, **kwargs):
        seen.append(options)
        raise JwgenError("stopped by the test")

    monkeypatch.setattr(jwgen.sets, "build_valid_set", stop)
    option = GENERATOR_OPTIONS[name]
    flag = option.flag
    value = SAMPLES[name][0]
    assert main(["generate", "--out", "unused-by-the-test", flag, *([value] if value else [])]) == 2
    (options,) = seen
    return options


def from_scenario(name: str, monkeypatch) -> GenerateOptions:
    """The GenerateOptions a scenario's first step with ``KEY: VALUE`` generates with."""
    seen = []

    def stop(options, *args, **kwargs):
        seen.append(options)
        raise JwgenError("stopped by the test")

    monkeypatch.setattr(jwgen.scenario.steps, "generate_declaration", stop)
    value = SAMPLES[name][1]
    if GENERATOR_OPTIONS[name].scenario == IN_STEP:
        step = f"    {name}: {value}\n    generate: true\n"
    else:
        step = f"    generate: {{{name}: {value}}}\n"
    source = f"name: one\ndescription: one option\nsteps:\n  - name: only\n{step}    expect: approved\n"
    with pytest.raises(JwgenError, match="stopped by the test"):
        run(parse(source, "one.yaml"), file="one.yaml")
    (options,) = seen
    return options


@pytest.mark.parametrize("name", BOTH)
def test_an_option_means_the_same_on_the_command_line_and_in_a_scenario(name, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    cli = from_cli(name, monkeypatch)
    assert cli != GenerateOptions(), f"--{name} changed nothing"
    assert cli == from_scenario(name, monkeypatch)


@pytest.mark.parametrize("name", [n for n, o in GENERATOR_OPTIONS.items() if bool(o.flags) != bool(o.scenario)])
def test_an_option_of_one_surface_reaches_its_field(name, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    option = GENERATOR_OPTIONS[name]
    options = from_cli(name, monkeypatch) if option.flags else from_scenario(name, monkeypatch)
    assert options != GenerateOptions()
    assert options == options_from_values({name: getattr(options, option.targets[0])})


def test_options_from_values_refuses_a_name_that_is_no_option():
    with pytest.raises(JwgenError, match="not an option of the generator: receiver"):
        options_from_values({"receiver": "0363"})
