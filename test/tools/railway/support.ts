// Test helpers for the Railway family: assess with the railway tool directly, and a scripted HttpClient.
import type { HttpClient, HttpRequest } from '../../../src/core/context.js';
import type { Context } from '../../../src/core/context.js';
import { assess } from '../../../src/core/pipeline.js';
import type { Analysis, Verdict } from '../../../src/core/types.js';

/** parse → classify → resolve → decide through the pipeline, as `guard --dry-run` would. */
export async function assessRailway(argv: readonly string[], ctx: Context): Promise<{ analysis: Analysis; verdict: Verdict }> {
  const { tool, parsed, analysis, verdict } = await assess(argv, ctx);
  if (tool && parsed) await tool.dispose?.(parsed);
  return { analysis, verdict };
}

function operationName(query: string): string {
  const rest = query.slice(query.indexOf('query ') + 'query '.length);
  let end = 0;
  while (end < rest.length && !'({ \n'.includes(rest[end] ?? '')) end++;
  return rest.slice(0, end);
}

export interface Recorded {
  readonly requests: HttpRequest[];
}

/** Answers GraphQL requests by operation name from a table; records every request. */
export function scriptedHttp(answers: Record<string, (variables: Record<string, unknown>, request: HttpRequest) => unknown>, status = 200): HttpClient & Recorded {
  const requests: HttpRequest[] = [];
  return {
    requests,
    async request(request) {
      requests.push(request);
      const body = JSON.parse(request.body ?? '{}') as { query: string; variables?: Record<string, unknown> };
      const name = operationName(body.query);
      const answer = answers[name];
      if (status !== 200) return { status, text: '{"errors":[{"message":"nope"}]}' };
      if (!answer) return { status: 200, text: JSON.stringify({ errors: [{ message: `no answer for ${name}` }] }) };
      return { status: 200, text: JSON.stringify({ data: answer(body.variables ?? {}, request) }) };
    },
  };
}

export const failingHttp: HttpClient = {
  async request() {
    throw new Error('backboard.railway.com: timeout after 4000 ms');
  },
};
