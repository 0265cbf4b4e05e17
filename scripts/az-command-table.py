# Prints the installed azure-cli's full command table as JSON: every command with each option's names and argparse nargs.
# Run with the Python that runs az (Debian: /usr/bin/python3). Loads commands and arguments the way `az` does for one
# command, for every command: the command string is set before each command's arguments load, as azure-cli's
# argument contexts only apply to the command being invoked.
import argparse
import json
import sys

from azure.cli.core import __version__ as core_version
from azure.cli.core import get_default_cli

cli = get_default_cli()
invoker = cli.invocation_cls(cli_ctx=cli, parser_cls=cli.parser_cls, commands_loader_cls=cli.commands_loader_cls, help_cls=cli.help_cls)
cli.invocation = invoker
loader = invoker.commands_loader
# One command (`az-command-table.py "group delete"`) loads only its module, as az does: the freshness test uses it.
only = sys.argv[1] if len(sys.argv) > 1 else None
invoker.data['command_string'] = only or ''
table = loader.load_command_table(only.split(' ') if only else None)
if only:
    table = {name: command for name, command in table.items() if name == only}
    loader.command_table = table
failed = set()
for name in list(table):
    invoker.data['command_string'] = name
    loader.command_name = name
    try:
        loader.load_arguments(name)
    except Exception as error:  # a module whose dependencies Debian lacks: its options stay unknown
        failed.add(name)
        print('arguments of %s could not be loaded: %r' % (name, error), file=sys.stderr)
invoker.parser.load_command_table(loader)

commands = {}


def walk(parser, path):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for word, child in action.choices.items():
                walk(child, path + [word])
    name = ' '.join(path)
    if name in table:
        options = [[list(action.option_strings), action.nargs if action.nargs is None or isinstance(action.nargs, (int, str)) else str(action.nargs)]
                   for action in parser._actions if action.option_strings]
        commands[name] = {'options': options, 'failed': name in failed}


walk(invoker.parser, [])
json.dump({'version': core_version, 'commands': commands}, sys.stdout, sort_keys=True)
