/**
 * Additive gradient boosting: boosted decision stumps on binned features, logistic loss. Each
 * stump splits one feature, so the model stays a sum of one step function per feature (a
 * generalised additive model): every feature's contribution to the logit is exact, not an
 * after-the-fact attribution. Pure and deterministic (ties go to the earlier feature and bin).
 */

export interface StumpBoostOptions {
  rounds: number;
  learningRate: number;
  /** Most steps per feature (quantile bins of the training values). */
  bins: number;
  /** L2 penalty on each stump's leaf values (XGBoost's lambda). */
  lambda: number;
  /** Least summed hessian (sample weight × p(1−p)) on each side of a split (at most 5% of the total). */
  minLeafWeight: number;
}

export interface StepFunction {
  /** Ascending thresholds; value v is in step #{edges < v}. */
  edges: number[];
  /** Logit per step (edges.length + 1 entries). */
  values: number[];
}

export interface StumpBoostFit {
  intercept: number;
  steps: StepFunction[];
}

function binIndex(edges: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value > edges[mid]!) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Thresholds at quantiles of the known (non-NaN) values, each placed halfway between a value and
 * the next larger one, so that a rounded threshold still separates the same values.
 */
function computeEdges(column: Float64Array, bins: number): number[] {
  const known = column.filter((v) => !Number.isNaN(v)).sort();
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const q = known[Math.floor((b * (known.length - 1)) / bins)]!;
    let above = Math.floor((b * (known.length - 1)) / bins);
    while (above < known.length && known[above]! <= q) above++;
    const next = known[above];
    if (next === undefined) break;
    const edge = (q + next) / 2;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return edges;
}

/**
 * Fits on columns of transformed feature values (NaN = missing: such rows get no contribution
 * from that feature) with labels 0/1 and sample weights. Returns the intercept and one step
 * function per column, each centred to weighted mean zero over the rows where it is known.
 */
export function fitStumpBoosting(
  columns: Float64Array[],
  labels: ArrayLike<number>,
  sampleWeights: ArrayLike<number>,
  options: StumpBoostOptions,
): StumpBoostFit {
  const n = labels.length;
  const d = columns.length;
  const edges = columns.map((c) => computeEdges(c, options.bins));
  const binned = columns.map((column, j) => {
    const out = new Int16Array(n);
    for (let i = 0; i < n; i++) out[i] = Number.isNaN(column[i]!) ? -1 : binIndex(edges[j]!, column[i]!);
    return out;
  });
  const values = edges.map((e) => new Float64Array(e.length + 1));
  let positive = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    positive += sampleWeights[i]! * labels[i]!;
    total += sampleWeights[i]!;
  }
  const intercept = Math.log(positive / (total - positive));
  // On small histories, a leaf may hold at most 5% of the initial hessian, so splits stay possible.
  const p0 = positive / total;
  const minLeafWeight = Math.min(options.minLeafWeight, 0.05 * total * p0 * (1 - p0));
  const margin = new Float64Array(n).fill(intercept);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  for (let round = 0; round < options.rounds; round++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-margin[i]!));
      g[i] = sampleWeights[i]! * (p - labels[i]!);
      h[i] = sampleWeights[i]! * p * (1 - p);
    }
    let best: { feature: number; bin: number; left: number; right: number; gain: number } | undefined;
    for (let j = 0; j < d; j++) {
      const nb = edges[j]!.length + 1;
      const hg = new Float64Array(nb);
      const hh = new Float64Array(nb);
      const bins = binned[j]!;
      for (let i = 0; i < n; i++) {
        const b = bins[i]!;
        if (b < 0) continue;
        hg[b]! += g[i]!;
        hh[b]! += h[i]!;
      }
      let gSum = 0;
      let hSum = 0;
      for (let b = 0; b < nb; b++) {
        gSum += hg[b]!;
        hSum += hh[b]!;
      }
      let gl = 0;
      let hl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += hg[b]!;
        hl += hh[b]!;
        const gr = gSum - gl;
        const hr = hSum - hl;
        if (hl < minLeafWeight || hr < minLeafWeight) continue;
        const gain =
          (gl * gl) / (hl + options.lambda) +
          (gr * gr) / (hr + options.lambda) -
          (gSum * gSum) / (hSum + options.lambda);
        if (gain > (best?.gain ?? 1e-12)) {
          best = {
            feature: j,
            bin: b,
            gain,
            left: -gl / (hl + options.lambda),
            right: -gr / (hr + options.lambda),
          };
        }
      }
    }
    if (!best) break;
    const step = values[best.feature]!;
    const left = options.learningRate * best.left;
    const right = options.learningRate * best.right;
    for (let b = 0; b < step.length; b++) step[b]! += b <= best.bin ? left : right;
    const bins = binned[best.feature]!;
    for (let i = 0; i < n; i++) {
      const b = bins[i]!;
      if (b >= 0) margin[i]! += b <= best.bin ? left : right;
    }
  }
  let centredIntercept = intercept;
  const steps = values.map((step, j) => {
    let sum = 0;
    let weight = 0;
    const bins = binned[j]!;
    for (let i = 0; i < n; i++) {
      if (bins[i]! < 0) continue;
      sum += sampleWeights[i]! * step[bins[i]!]!;
      weight += sampleWeights[i]!;
    }
    const mean = weight > 0 ? sum / weight : 0;
    centredIntercept += mean;
    return mergeEqualSteps(
      edges[j]!,
      Array.from(step, (v) => v - mean),
    );
  });
  return { intercept: centredIntercept, steps };
}

/** Drops thresholds between steps of equal value, so unused splits cost nothing in the artifact. */
function mergeEqualSteps(edges: number[], values: number[]): StepFunction {
  const outEdges: number[] = [];
  const outValues: number[] = [values[0]!];
  for (let k = 0; k < edges.length; k++) {
    if (values[k + 1] !== outValues[outValues.length - 1]) {
      outEdges.push(edges[k]!);
      outValues.push(values[k + 1]!);
    }
  }
  return { edges: outEdges, values: outValues };
}
