// The Supabase family: the supabase CLI.
import type { AnyTool } from '../tool.js';
import { supabaseTool } from './supabase-tool.js';

export const supabaseTools: readonly AnyTool[] = [supabaseTool];
