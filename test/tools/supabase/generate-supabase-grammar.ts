// Writes src/tools/supabase/supabase-commands.generated.ts from the installed supabase CLI's --help (run from the repository root).
import { writeFileSync } from 'node:fs';
import { renderGrammarModule } from '../../support/pflag-help.js';
import { supabaseHelpReader } from './supabase-help.js';

const reader = supabaseHelpReader();
try {
  writeFileSync('src/tools/supabase/supabase-commands.generated.ts', renderGrammarModule({ program: 'supabase', constant: 'SUPABASE', generator: 'test/tools/supabase/generate-supabase-grammar.ts', version: reader.version, tree: reader.read() }));
} finally {
  reader.remove();
}
