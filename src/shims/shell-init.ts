// `guard shell init`: shell functions that route every catalogued program through guard, per shell.

/** The shells `guard shell init` knows how to write functions for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type ShellName = (typeof SHELLS)[number];

export function isShellName(name: string): name is ShellName {
  return (SHELLS as readonly string[]).includes(name);
}

import { quotePosix } from '../core/quote.js';

export { quotePosix };

/** fish single quoting: backslash and the quote are the two escapes fish honours inside '…'. */
export function quoteFish(text: string): string {
  return `'${text.split('\\').join('\\\\').split("'").join("\\'")}'`;
}

/**
 * Functions for `eval "$(guard shell init bash)"`. They call guard by absolute path through
 * `command`, so a function named like a tool never calls itself, and `--` so a program named
 * like a guard subcommand is still run as a wrapped command. `function name { … }` rather
 * than `name() { … }`: an alias of the same name would otherwise be expanded in the definition.
 */
export function renderShellInit(shell: ShellName, programs: readonly string[], guardBinary: string): string {
  const lines: string[] = [];
  if (shell === 'fish') {
    lines.push('# guard: route catalogued programs through guard (guard shell init fish | source)');
    const guard = quoteFish(guardBinary);
    for (const program of programs) {
      lines.push(`function ${program} --wraps ${program} --description ${quoteFish(`${program} under guard`)}`, `    command ${guard} --via function -- ${program} $argv`, 'end');
    }
    // fish loads completions from files on its own: `guard completion fish` writes one.
    lines.push('# completion: guard completion fish > ~/.config/fish/completions/guard.fish');
  } else {
    lines.push(`# guard: route catalogued programs through guard (eval "$(guard shell init ${shell})")`);
    const guard = quotePosix(guardBinary);
    for (const program of programs) lines.push(`function ${program} { command ${guard} --via function -- ${program} "$@"; }`);
    lines.push(...lazyCompletion(shell, guard));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Completion for guard itself, loaded on the first Tab: building it reads every rule table
 * (about a second), which a shell must not pay at every start.
 */
function lazyCompletion(shell: 'bash' | 'zsh', guard: string): string[] {
  if (shell === 'bash') {
    return [
      '# completion for guard, loaded on the first Tab',
      `function _guard_load_completion { unset -f _guard_load_completion; source <(command ${guard} completion bash) && _guard "$@"; }`,
      'complete -F _guard_load_completion guard',
    ];
  }
  // Inside eval, funcstack[1] is "(eval)": the script only defines _guard (and re-registers it), and the wrapper calls it.
  return ['# completion for guard, loaded on the first Tab (needs compinit)', `if (( $+functions[compdef] )); then function _guard { eval "$(command ${guard} completion zsh)"; _guard "$@"; }; compdef _guard guard; fi`];
}
