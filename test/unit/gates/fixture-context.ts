import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeContext } from '../../../src/gates/node-context.js';
import type { GateContext } from '../../../src/gates/types.js';

export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/gates');

/** A fixed instant for every gate test. */
export const now = new Date('2026-11-21T12:00:00Z');

/** The real Node context over the gate fixtures (or another folder), with extra fields. */
export function makeFixtureContext(extra: Partial<GateContext> = {}, cwd = fixturesDir): GateContext {
  return { ...createNodeContext({ cwd, now }), ...extra };
}
