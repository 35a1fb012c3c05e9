import type { RiskModel } from './model.js';

const MARKER = '"__features__"';

/**
 * Serialises a model artifact stably: a fixed key order, two-space indentation, and each
 * feature on one line so that the diff of a retrained model stays readable.
 */
export function formatRiskModel(model: RiskModel): string {
  const ordered = {
    format: model.format,
    version: model.version,
    learner: model.learner,
    intercept: model.intercept,
    features: '__features__',
    calibration: model.calibration,
    training: model.training,
  };
  const featureLines = model.features.map((f) => `    ${JSON.stringify(f)}`).join(',\n');
  return JSON.stringify(ordered, null, 2).replace(MARKER, `[\n${featureLines}\n  ]`) + '\n';
}
