/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares). Pure and deterministic. Objective, with sample weights s_i summing to S:
 *   (1/S) Σ s_i · logloss(y_i, b + x_i·w) + (l2/2) · ‖w‖²        (the intercept b is not penalised)
 */

export interface LogisticFit {
  intercept: number;
  weights: number[];
  iterations: number;
  converged: boolean;
}

export interface LogisticFitOptions {
  l2: number;
  maxIterations?: number;
  tolerance?: number;
}

/** Raised when the fit cannot proceed (no rows, one class only, or a singular system). */
export class ModelFitError extends Error {
  override name = 'ModelFitError';
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Solves A x = b for a symmetric positive-definite A (Cholesky); A is d×d row-major. */
function solveSymmetric(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) {
        if (!(sum > 1e-12))
          throw new ModelFitError(
            'the training features are degenerate (singular Hessian); add rows or raise l2.',
          );
        l[i * d + i] = Math.sqrt(sum);
      } else {
        l[i * d + j] = sum / l[j * d + j]!;
      }
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * d + k]! * y[k]!;
    y[i] = sum / l[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i]! * x[k]!;
    x[i] = sum / l[i * d + i]!;
  }
  return x;
}

/**
 * Fits on rows of `x` (n rows of `features` columns, row-major) with labels 0/1 and optional
 * sample weights.
 */
export function fitLogisticRegression(
  x: Float64Array,
  labels: ArrayLike<number>,
  features: number,
  options: LogisticFitOptions,
  sampleWeights?: ArrayLike<number>,
): LogisticFit {
  const n = labels.length;
  const d = features + 1; // column 0 is the intercept
  let total = 0;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const s = sampleWeights ? sampleWeights[i]! : 1;
    total += s;
    positives += s * labels[i]!;
  }
  if (n === 0 || positives <= 0 || positives >= total) {
    throw new ModelFitError('training needs rows of both classes (some with bug=1 and some with bug=0).');
  }
  const beta = new Float64Array(d);
  beta[0] = Math.log(positives / (total - positives));
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-9;
  let iterations = 0;
  let converged = false;
  const row = new Float64Array(d);
  for (; iterations < maxIterations && !converged; iterations++) {
    const gradient = new Float64Array(d);
    const hessian = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      row[0] = 1;
      for (let j = 0; j < features; j++) row[j + 1] = x[i * features + j]!;
      let eta = 0;
      for (let j = 0; j < d; j++) eta += beta[j]! * row[j]!;
      const p = sigmoid(eta);
      const s = (sampleWeights ? sampleWeights[i]! : 1) / total;
      const r = s * (p - labels[i]!);
      const w = s * p * (1 - p);
      for (let j = 0; j < d; j++) {
        gradient[j]! += r * row[j]!;
        const wj = w * row[j]!;
        for (let k = 0; k <= j; k++) hessian[j * d + k]! += wj * row[k]!;
      }
    }
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) hessian[k * d + j] = hessian[j * d + k]!;
    for (let j = 1; j < d; j++) {
      gradient[j]! += options.l2 * beta[j]!;
      hessian[j * d + j]! += options.l2;
    }
    hessian[0]! += 1e-10;
    const step = solveSymmetric(hessian, gradient, d);
    let change = 0;
    for (let j = 0; j < d; j++) {
      beta[j]! -= step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    converged = change < tolerance;
  }
  return { intercept: beta[0]!, weights: Array.from(beta.subarray(1)), iterations, converged };
}

/**
 * Platt scaling: fits p = sigmoid(slope · logit + intercept) to held-out labels (a one-feature
 * logistic regression, unpenalised).
 */
export function fitPlattScaling(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
): { slope: number; intercept: number } {
  const fit = fitLogisticRegression(Float64Array.from(logits), labels, 1, { l2: 0 });
  return { slope: fit.weights[0]!, intercept: fit.intercept };
}
