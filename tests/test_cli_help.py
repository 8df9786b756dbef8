"""Every `kg` command explains itself: --help works, the command has a
description and every option has help text (sqlite-utils' test_docs idea)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import cli

COMMANDS = sorted(cli.commands)


def test_the_documented_commands_exist():
    assert {"build", "meetings", "people", "query", "serve", "centrality", "view", "export", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name):
    cmd = cli.commands[name]
    assert cmd.help and len(cmd.help.split()) >= 5, f"kg {name} needs a description"
    for param in cmd.params:
        if param.param_type_name == "option":
            assert param.help, f"kg {name} {param.opts[0]} needs help text"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert f"Usage: cli {name}" in result.output or f"Usage: kg {name}" in result.output
    assert cmd.help.split()[0] in result.output


def test_group_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
