// `guard completion bash|zsh|fish`: completion scripts for guard's subcommands, options, agents, rule ids and wrapped programs.
import type { ShellName } from './shell-init.js';

export interface CompletionWords {
  readonly subcommands: readonly string[];
  readonly options: readonly string[];
  readonly agents: readonly string[];
  readonly shells: readonly string[];
  readonly ruleIds: readonly string[];
  readonly programs: readonly string[];
}

/** Words are plain identifiers (checked here), so they can stand unquoted inside the scripts. */

/** `guard snapshots` takes these next (src/cli/commands/snapshots.ts). */
const SNAPSHOT_WORDS = 'list show restore prune --json --confirm --dry-run';
function words(list: readonly string[]): string {
  for (const word of list) {
    if (!/^[A-Za-z0-9_./:@-]+$/.test(word)) throw new Error(`completion word ${JSON.stringify(word)} needs quoting`);
  }
  return list.join(' ');
}

function bash(w: CompletionWords): string {
  return `# guard completion for bash: source <(guard completion bash), or save it in ~/.local/share/bash-completion/completions/guard
_guard() {
  local cur=\${COMP_WORDS[COMP_CWORD]} i cmd='' at=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in
      --confirm) ((i++)) ;;
      --) cmd=\${COMP_WORDS[i + 1]}; at=$((i + 1)); break ;;
      -*) ;;
      *) cmd=\${COMP_WORDS[i]}; at=$i; break ;;
    esac
  done
  if [[ -z $cmd || $at -ge $COMP_CWORD ]]; then
    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '${words(w.options)}' -- "$cur"))
    else COMPREPLY=($(compgen -W '${words(w.subcommands)} ${words(w.programs)}' -- "$cur")); fi
    return
  fi
  case $cmd in
    hook | hooks) COMPREPLY=($(compgen -W 'install ${words(w.agents)} --user --project --uninstall --live' -- "$cur")) ;;
    shell) COMPREPLY=($(compgen -W 'init ${words(w.shells)}' -- "$cur")) ;;
    snapshots) COMPREPLY=($(compgen -W '${SNAPSHOT_WORDS}' -- "$cur")) ;;
    completion) COMPREPLY=($(compgen -W '${words(w.shells)}' -- "$cur")) ;;
    explain) COMPREPLY=($(compgen -W '${words(w.ruleIds)}' -- "$cur")) ;;
    rules) COMPREPLY=($(compgen -W '${words(w.programs)}' -- "$cur")) ;;
    help) COMPREPLY=($(compgen -W '${words(w.subcommands)}' -- "$cur")) ;;
    scan | shims | approve | config | doctor | log) COMPREPLY=($(compgen -f -- "$cur")) ;;
    *)
      # A wrapped command: complete it as the command itself would be completed.
      if declare -F _command_offset >/dev/null; then _command_offset "$at"; else COMPREPLY=($(compgen -f -- "$cur")); fi ;;
  esac
}
complete -o default -F _guard guard
`;
}

function zsh(w: CompletionWords): string {
  return `#compdef guard
# guard completion for zsh: source <(guard completion zsh), or save it as _guard in a directory on $fpath
_guard() {
  local i cmd='' at=0
  for (( i = 2; i < CURRENT; i++ )); do
    case \${words[i]} in
      --confirm) (( i++ )) ;;
      --) cmd=\${words[i + 1]}; at=$(( i + 1 )); break ;;
      -*) ;;
      *) cmd=\${words[i]}; at=$i; break ;;
    esac
  done
  if [[ -z $cmd || $at -ge $CURRENT ]]; then
    if [[ \${words[CURRENT]} == -* ]]; then compadd -- ${words(w.options)}
    else compadd -- ${words(w.subcommands)} ${words(w.programs)}; fi
    return
  fi
  case $cmd in
    hook|hooks) compadd -- install ${words(w.agents)} --user --project --uninstall --live ;;
    shell) compadd -- init ${words(w.shells)} ;;
    snapshots) compadd -- ${SNAPSHOT_WORDS} ;;
    completion) compadd -- ${words(w.shells)} ;;
    explain) compadd -- ${words(w.ruleIds)} ;;
    rules) compadd -- ${words(w.programs)} ;;
    help) compadd -- ${words(w.subcommands)} ;;
    scan|shims|approve|config|doctor|log) _files ;;
    *) shift $(( at - 1 )) words; (( CURRENT -= at - 1 )); _normal ;;
  esac
}
if [[ \${funcstack[1]} == _guard ]]; then _guard "$@"; else compdef _guard guard; fi
`;
}

function fish(w: CompletionWords): string {
  const lines = [
    '# guard completion for fish: guard completion fish > ~/.config/fish/completions/guard.fish',
    'complete -c guard -f',
    ...['dry-run', 'json', 'offline', 'snapshot', 'color', 'no-color', 'help', 'version'].map((flag) => `complete -c guard -n __fish_use_subcommand -l ${flag}`),
    'complete -c guard -n __fish_use_subcommand -l confirm -r',
    `complete -c guard -n __fish_use_subcommand -a '${words(w.subcommands)}'`,
    `complete -c guard -n __fish_use_subcommand -a '${words(w.programs)}'`,
    `complete -c guard -n '__fish_seen_subcommand_from hook hooks' -a 'install ${words(w.agents)}'`,
    `complete -c guard -n '__fish_seen_subcommand_from shell' -a 'init ${words(w.shells)}'`,
    `complete -c guard -n '__fish_seen_subcommand_from snapshots' -a '${SNAPSHOT_WORDS}'`,
    `complete -c guard -n '__fish_seen_subcommand_from completion' -a '${words(w.shells)}'`,
    `complete -c guard -n '__fish_seen_subcommand_from explain' -a '${words(w.ruleIds)}'`,
    `complete -c guard -n '__fish_seen_subcommand_from rules' -a '${words(w.programs)}'`,
    `complete -c guard -n '__fish_seen_subcommand_from help' -a '${words(w.subcommands)}'`,
    `complete -c guard -n '__fish_seen_subcommand_from scan shims' -F`,
    // A wrapped command: hand the rest of the line to that command's own completions.
    `complete -c guard -n '__fish_seen_subcommand_from ${words(w.programs)}' -a '(__fish_complete_subcommand)'`,
  ];
  return `${lines.join('\n')}\n`;
}

export function renderCompletion(shell: ShellName, completionWords: CompletionWords): string {
  return shell === 'bash' ? bash(completionWords) : shell === 'zsh' ? zsh(completionWords) : fish(completionWords);
}
