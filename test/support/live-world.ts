// Runs assess() against a live world (network allowed) for the provider doubles' tests.
import { assess } from '../../src/core/pipeline.js';
import type { Report } from '../../src/core/types.js';
import { buildWorld, type WorldSpec } from './world.js';

export async function liveReport(argv: readonly string[], spec: WorldSpec = {}): Promise<Report> {
  const world = buildWorld({ offline: false, ...spec });
  try {
    return (await assess(argv, world.ctx)).report;
  } finally {
    world.cleanup();
  }
}
