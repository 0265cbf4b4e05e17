// kubectl's command tree and flags as guard parses them, built from the generated --help table.
import { flagKinds, type CommandNode, type FlagKinds } from './argv.js';
import { KUBECTL_COMMANDS, KUBECTL_GLOBAL_FLAGS } from './kubectl-commands.generated.js';

interface MutableNode {
  name: string;
  aliases: readonly string[];
  flags: FlagKinds;
  children: Map<string, MutableNode>;
}

const NO_FLAGS = flagKinds({ values: [], bools: [], shorts: [] });

function buildTree(): CommandNode {
  const root: MutableNode = { name: 'kubectl', aliases: [], flags: NO_FLAGS, children: new Map() };
  // `kubectl options` prints the global flags; it is hidden from the help's command list.
  const rows: [string, (typeof KUBECTL_COMMANDS)[string]][] = [...Object.entries(KUBECTL_COMMANDS), ['options', { aliases: [], values: [], optional: [], bools: [], shorts: [] }]];
  for (const [path, spec] of rows) {
    const words = path.split(' ');
    let parent = root;
    for (const word of words.slice(0, -1)) parent = parent.children.get(word) ?? parent;
    const name = words[words.length - 1] ?? path;
    parent.children.set(name, { name, aliases: spec.aliases, flags: flagKinds(spec), children: new Map() });
  }
  return root;
}

export const KUBECTL_ROOT: CommandNode = buildTree();
export const KUBECTL_GLOBAL: FlagKinds = flagKinds(KUBECTL_GLOBAL_FLAGS);
