// Runs one tool through parse → classify → resolve → decide without the registry (the lead registers the family).
import { decide } from '../../../src/core/decide.js';
import type { Context } from '../../../src/core/context.js';
import { maxRisk } from '../../../src/core/risk.js';
import type { Analysis, Verdict } from '../../../src/core/types.js';
import type { AnyTool } from '../../../src/tools/tool.js';

export async function assessWith(tool: AnyTool, argv: readonly string[], ctx: Context): Promise<{ analysis: Analysis; verdict: Verdict }> {
  const parsed = await tool.parse(argv.slice(1), ctx);
  try {
    const classification = tool.classify(parsed);
    const resolution = await tool.resolve(parsed, classification, ctx);
    const analysis: Analysis = {
      tool: tool.name,
      risk: maxRisk(classification.risk),
      hits: classification.hits,
      environment: resolution.environment,
      targets: resolution.targets,
      blastRadius: resolution.blastRadius,
      credential: resolution.credential,
      recovery: resolution.recovery,
      unverified: [...classification.unverified, ...resolution.unverified],
      notes: resolution.notes,
      interactive: classification.interactive ?? false,
    };
    return { analysis, verdict: decide({ analysis, agent: ctx.agent, policy: ctx.config.policy }) };
  } finally {
    await tool.dispose?.(parsed);
  }
}
