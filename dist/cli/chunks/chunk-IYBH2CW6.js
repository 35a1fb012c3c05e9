import {
  KAMEI_FEATURES,
  RISK_MODEL_FORMAT,
  calibrateLogit,
  computeKnownFeatureLogit,
  computeRiskLogit,
  transformFeatureValue
} from "./chunk-2DWBICBI.js";

// src/risk/metrics.ts
function computeAuc(scores, labels) {
  const n = scores.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]] === scores[order[start]]) end++;
    const midRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (labels[order[k]] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
}
function computeBrier(probabilities, labels) {
  if (probabilities.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) sum += (probabilities[i] - labels[i]) ** 2;
  return sum / probabilities.length;
}
function rankByRiskPerEffort(probabilities, efforts) {
  const density = Array.from(
    { length: probabilities.length },
    (_, i) => probabilities[i] / (efforts[i] + 1)
  );
  return density.map((_, i) => i).sort((a, b) => density[b] - density[a] || efforts[a] - efforts[b] || a - b);
}
function computeRecallAt20PctEffort(probabilities, labels, efforts, order = rankByRiskPerEffort(probabilities, efforts)) {
  let totalEffort = 0;
  let totalPositives = 0;
  for (let i = 0; i < labels.length; i++) {
    totalEffort += efforts[i];
    totalPositives += labels[i] === 1 ? 1 : 0;
  }
  if (totalPositives === 0 || totalEffort === 0) return null;
  const budget = 0.2 * totalEffort;
  let spent = 0;
  let found = 0;
  for (const i of order) {
    if (spent + efforts[i] > budget) break;
    spent += efforts[i];
    if (labels[i] === 1) found++;
  }
  return found / totalPositives;
}
function computeEffortAt20PctRecall(probabilities, labels, efforts, order = rankByRiskPerEffort(probabilities, efforts)) {
  let totalEffort = 0;
  let totalPositives = 0;
  for (let i = 0; i < labels.length; i++) {
    totalEffort += efforts[i];
    totalPositives += labels[i] === 1 ? 1 : 0;
  }
  if (totalPositives === 0 || totalEffort === 0) return null;
  const needed = Math.ceil(0.2 * totalPositives);
  let spent = 0;
  let found = 0;
  for (const i of order) {
    spent += efforts[i];
    if (labels[i] === 1) found++;
    if (found >= needed) break;
  }
  return spent / totalEffort;
}
function computeReliability(probabilities, labels, buckets = 10) {
  const n = new Array(buckets).fill(0);
  const sumP = new Array(buckets).fill(0);
  const sumY = new Array(buckets).fill(0);
  for (let i = 0; i < probabilities.length; i++) {
    const b = Math.min(buckets - 1, Math.max(0, Math.floor(probabilities[i] * buckets)));
    n[b]++;
    sumP[b] += probabilities[i];
    sumY[b] += labels[i];
  }
  return n.map((count, b) => ({
    from: b / buckets,
    to: (b + 1) / buckets,
    n: count,
    meanProbability: count ? sumP[b] / count : null,
    observedRate: count ? sumY[b] / count : null
  }));
}
function computeScoreMetrics(probabilities, labels, efforts) {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  const order = rankByRiskPerEffort(probabilities, efforts);
  return {
    n: labels.length,
    positives,
    auc: computeAuc(probabilities, labels),
    brier: computeBrier(probabilities, labels),
    recall_at_20pct_effort: computeRecallAt20PctEffort(probabilities, labels, efforts, order),
    effort_at_20pct_recall: computeEffortAt20PctRecall(probabilities, labels, efforts, order)
  };
}

// src/risk/model-format.ts
var MARKER = '"__features__"';
function formatRiskModel(model) {
  const ordered = {
    format: model.format,
    version: model.version,
    learner: model.learner,
    intercept: model.intercept,
    features: "__features__",
    calibration: model.calibration,
    training: model.training
  };
  const featureLines = model.features.map((f) => `    ${JSON.stringify(f)}`).join(",\n");
  return JSON.stringify(ordered, null, 2).replace(MARKER, `[
${featureLines}
  ]`) + "\n";
}

// src/risk/train-logistic.ts
var ModelFitError = class extends Error {
  name = "ModelFitError";
};
function sigmoid(x) {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
function solveSymmetric(a, b, d) {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j];
      for (let k = 0; k < j; k++) sum -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(sum > 1e-12))
          throw new ModelFitError(
            "the training features are degenerate (singular Hessian); add rows or raise l2."
          );
        l[i * d + i] = Math.sqrt(sum);
      } else {
        l[i * d + j] = sum / l[j * d + j];
      }
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * d + k] * y[k];
    y[i] = sum / l[i * d + i];
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i] * x[k];
    x[i] = sum / l[i * d + i];
  }
  return x;
}
function fitLogisticRegression(x, labels, features, options, sampleWeights) {
  const n = labels.length;
  const d = features + 1;
  let total = 0;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const s = sampleWeights ? sampleWeights[i] : 1;
    total += s;
    positives += s * labels[i];
  }
  if (n === 0 || positives <= 0 || positives >= total) {
    throw new ModelFitError("training needs rows of both classes (some with bug=1 and some with bug=0).");
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
      for (let j = 0; j < features; j++) row[j + 1] = x[i * features + j];
      let eta = 0;
      for (let j = 0; j < d; j++) eta += beta[j] * row[j];
      const p = sigmoid(eta);
      const s = (sampleWeights ? sampleWeights[i] : 1) / total;
      const r = s * (p - labels[i]);
      const w = s * p * (1 - p);
      for (let j = 0; j < d; j++) {
        gradient[j] += r * row[j];
        const wj = w * row[j];
        for (let k = 0; k <= j; k++) hessian[j * d + k] += wj * row[k];
      }
    }
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) hessian[k * d + j] = hessian[j * d + k];
    for (let j = 1; j < d; j++) {
      gradient[j] += options.l2 * beta[j];
      hessian[j * d + j] += options.l2;
    }
    hessian[0] += 1e-10;
    const step = solveSymmetric(hessian, gradient, d);
    let change = 0;
    for (let j = 0; j < d; j++) {
      beta[j] -= step[j];
      change = Math.max(change, Math.abs(step[j]));
    }
    converged = change < tolerance;
  }
  return { intercept: beta[0], weights: Array.from(beta.subarray(1)), iterations, converged };
}
function fitPlattScaling(logits, labels) {
  const fit = fitLogisticRegression(Float64Array.from(logits), labels, 1, { l2: 0 });
  return { slope: fit.weights[0], intercept: fit.intercept };
}

// src/risk/train-boost.ts
function binIndex(edges, value) {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (value > edges[mid]) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function computeEdges(column, bins) {
  const known = column.filter((v) => !Number.isNaN(v)).sort();
  const edges = [];
  for (let b = 1; b < bins; b++) {
    const q = known[Math.floor(b * (known.length - 1) / bins)];
    let above = Math.floor(b * (known.length - 1) / bins);
    while (above < known.length && known[above] <= q) above++;
    const next = known[above];
    if (next === void 0) break;
    const edge = (q + next) / 2;
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}
function fitStumpBoosting(columns, labels, sampleWeights, options) {
  const n = labels.length;
  const d = columns.length;
  const edges = columns.map((c) => computeEdges(c, options.bins));
  const binned = columns.map((column, j) => {
    const out = new Int16Array(n);
    for (let i = 0; i < n; i++) out[i] = Number.isNaN(column[i]) ? -1 : binIndex(edges[j], column[i]);
    return out;
  });
  const values = edges.map((e) => new Float64Array(e.length + 1));
  let positive = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    positive += sampleWeights[i] * labels[i];
    total += sampleWeights[i];
  }
  const intercept = Math.log(positive / (total - positive));
  const p0 = positive / total;
  const minLeafWeight = Math.min(options.minLeafWeight, 0.05 * total * p0 * (1 - p0));
  const margin = new Float64Array(n).fill(intercept);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  for (let round2 = 0; round2 < options.rounds; round2++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-margin[i]));
      g[i] = sampleWeights[i] * (p - labels[i]);
      h[i] = sampleWeights[i] * p * (1 - p);
    }
    let best;
    for (let j = 0; j < d; j++) {
      const nb = edges[j].length + 1;
      const hg = new Float64Array(nb);
      const hh = new Float64Array(nb);
      const bins2 = binned[j];
      for (let i = 0; i < n; i++) {
        const b = bins2[i];
        if (b < 0) continue;
        hg[b] += g[i];
        hh[b] += h[i];
      }
      let gSum = 0;
      let hSum = 0;
      for (let b = 0; b < nb; b++) {
        gSum += hg[b];
        hSum += hh[b];
      }
      let gl = 0;
      let hl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += hg[b];
        hl += hh[b];
        const gr = gSum - gl;
        const hr = hSum - hl;
        if (hl < minLeafWeight || hr < minLeafWeight) continue;
        const gain = gl * gl / (hl + options.lambda) + gr * gr / (hr + options.lambda) - gSum * gSum / (hSum + options.lambda);
        if (gain > (best?.gain ?? 1e-12)) {
          best = {
            feature: j,
            bin: b,
            gain,
            left: -gl / (hl + options.lambda),
            right: -gr / (hr + options.lambda)
          };
        }
      }
    }
    if (!best) break;
    const step = values[best.feature];
    const left = options.learningRate * best.left;
    const right = options.learningRate * best.right;
    for (let b = 0; b < step.length; b++) step[b] += b <= best.bin ? left : right;
    const bins = binned[best.feature];
    for (let i = 0; i < n; i++) {
      const b = bins[i];
      if (b >= 0) margin[i] += b <= best.bin ? left : right;
    }
  }
  let centredIntercept = intercept;
  const steps = values.map((step, j) => {
    let sum = 0;
    let weight = 0;
    const bins = binned[j];
    for (let i = 0; i < n; i++) {
      if (bins[i] < 0) continue;
      sum += sampleWeights[i] * step[bins[i]];
      weight += sampleWeights[i];
    }
    const mean = weight > 0 ? sum / weight : 0;
    centredIntercept += mean;
    return mergeEqualSteps(
      edges[j],
      Array.from(step, (v) => v - mean)
    );
  });
  return { intercept: centredIntercept, steps };
}
function mergeEqualSteps(edges, values) {
  const outEdges = [];
  const outValues = [values[0]];
  for (let k = 0; k < edges.length; k++) {
    if (values[k + 1] !== outValues[outValues.length - 1]) {
      outEdges.push(edges[k]);
      outValues.push(values[k + 1]);
    }
  }
  return { edges: outEdges, values: outValues };
}

// src/risk/train.ts
var DEFAULT_TRAIN_OPTIONS = {
  learner: "additive-boosting",
  balance: "source-class",
  calibrationFraction: 0.2,
  refit: true,
  l2: 0.01,
  rounds: 200,
  learningRate: 0.1,
  bins: 16,
  lambda: 1,
  minLeafWeight: 50
};
var FEATURE_TRANSFORMS = Object.fromEntries(
  KAMEI_FEATURES.map((f) => [f, f === "fix" ? "identity" : "log1p"])
);
function computeRowEffort(row) {
  return row.effort ?? Math.max(0, row.vector.la ?? 0) + Math.max(0, row.vector.ld ?? 0);
}
function quantile(sorted, q) {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}
var round = (v, digits = 8) => Number(v.toPrecision(digits));
function splitNewestBySource(rows, fraction) {
  const bySource = /* @__PURE__ */ new Map();
  for (const row of rows) {
    const key = row.source ?? "";
    const list = bySource.get(key) ?? [];
    list.push(row);
    bySource.set(key, list);
  }
  const older = [];
  const newest = [];
  for (const list of bySource.values()) {
    const sorted = [...list].sort((a, b) => a.date - b.date);
    const cut = sorted.length - Math.round(sorted.length * fraction);
    older.push(...sorted.slice(0, cut));
    newest.push(...sorted.slice(cut));
  }
  return { older, newest };
}
function computeSampleWeights(rows, balance) {
  const weights = new Float64Array(rows.length).fill(1);
  if (balance === "none") return weights;
  const key = (row) => balance === "source-class" ? `${row.source ?? ""}\0${row.bug}` : row.source ?? "";
  const counts = /* @__PURE__ */ new Map();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  const perGroup = rows.length / counts.size;
  rows.forEach((row, i) => weights[i] = perGroup / counts.get(key(row)));
  return weights;
}
function transformColumns(rows, names) {
  return names.map((name) => {
    const column = new Float64Array(rows.length);
    rows.forEach((row, i) => {
      const v = row.vector[name];
      column[i] = v === null || !Number.isFinite(v) ? NaN : transformFeatureValue(FEATURE_TRANSFORMS[name], v);
    });
    if (column.every((v) => Number.isNaN(v))) {
      throw new ModelFitError(
        `feature "${name}" is missing in every training row; drop it from the features or supply it.`
      );
    }
    return column;
  });
}
function computeMissingLogit(feature, rows) {
  const logits = rows.map((r) => r.vector[feature.name]).filter((v) => v !== null && Number.isFinite(v)).map((v) => computeKnownFeatureLogit(feature, v));
  return round(Math.max(0, quantile(Float64Array.from(logits).sort(), 0.9)));
}
function fitLinearFeatures(rows, settings) {
  const columns = transformColumns(rows, settings.features);
  const d = columns.length;
  const stats = columns.map((column) => {
    const known = column.filter((v) => !Number.isNaN(v)).sort();
    const clip = [round(quantile(known, 1e-3)), round(quantile(known, 0.999))];
    let sum = 0;
    for (const t of known) sum += Math.min(clip[1], Math.max(clip[0], t));
    const mean = sum / known.length;
    let squares = 0;
    for (const t of known) squares += (Math.min(clip[1], Math.max(clip[0], t)) - mean) ** 2;
    return { clip, mean: round(mean), std: round(Math.sqrt(squares / known.length) || 1) };
  });
  const x = new Float64Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < d; j++) {
      const t = columns[j][i];
      if (Number.isNaN(t)) continue;
      const s = stats[j];
      x[i * d + j] = (Math.min(s.clip[1], Math.max(s.clip[0], t)) - s.mean) / s.std;
    }
  }
  const labels = Uint8Array.from(rows, (r) => r.bug);
  const fit = fitLogisticRegression(
    x,
    labels,
    d,
    { l2: settings.l2 },
    computeSampleWeights(rows, settings.balance)
  );
  const features = settings.features.map((name, j) => {
    const feature = {
      name,
      transform: FEATURE_TRANSFORMS[name],
      ...stats[j],
      weight: round(fit.weights[j]),
      missingLogit: 0
    };
    return { ...feature, missingLogit: computeMissingLogit(feature, rows) };
  });
  return { intercept: round(fit.intercept), features };
}
function fitStepFeatures(rows, settings) {
  const columns = transformColumns(rows, settings.features);
  const labels = Uint8Array.from(rows, (r) => r.bug);
  const fit = fitStumpBoosting(columns, labels, computeSampleWeights(rows, settings.balance), settings);
  const features = settings.features.map((name, j) => {
    const step = fit.steps[j];
    const feature = {
      name,
      transform: FEATURE_TRANSFORMS[name],
      edges: step.edges.map((e) => round(e)),
      values: step.values.map((v) => round(v, 6)),
      missingLogit: 0
    };
    return { ...feature, missingLogit: computeMissingLogit(feature, rows) };
  });
  return { intercept: round(fit.intercept), features };
}
function fitFeatures(rows, settings) {
  return settings.learner === "logistic-regression" ? fitLinearFeatures(rows, settings) : fitStepFeatures(rows, settings);
}
function roundMetric(value) {
  return value === null ? null : Number(value.toFixed(4));
}
function trainRiskModel(rows, options = {}) {
  const settings = {
    ...DEFAULT_TRAIN_OPTIONS,
    ...stripUndefined(options),
    features: options.features ?? KAMEI_FEATURES
  };
  delete settings.sources;
  delete settings.evaluation;
  const fraction = settings.calibrationFraction;
  const { older, newest } = splitNewestBySource(rows, fraction);
  if (!newest.some((r) => r.bug === 1) || !newest.some((r) => r.bug === 0)) {
    throw new ModelFitError(
      `the newest ${Math.round(fraction * 100)}% of rows (${newest.length}) needs both buggy and clean changes to calibrate the model; supply more labelled history.`
    );
  }
  if (!older.some((r) => r.bug === 1) || !older.some((r) => r.bug === 0)) {
    throw new ModelFitError(
      `the older rows (${older.length}) need both buggy and clean changes to fit the model; supply more labelled history.`
    );
  }
  const first = fitFeatures(older, settings);
  const identity = { method: "platt", slope: 1, intercept: 0 };
  const draft = assembleModel(first, identity, rows, options, settings, {});
  const heldLogits = newest.map((r) => computeRiskLogit(draft, r.vector));
  const labels = newest.map((r) => r.bug);
  const platt = fitPlattScaling(heldLogits, labels);
  const calibration = {
    method: "platt",
    slope: round(platt.slope),
    intercept: round(platt.intercept)
  };
  const probabilities = heldLogits.map((l) => calibrateLogit({ ...draft, calibration }, l));
  const metrics = computeScoreMetrics(probabilities, labels, newest.map(computeRowEffort));
  const reliability = computeReliability(probabilities, labels);
  const final = settings.refit ? fitFeatures(rows, settings) : first;
  const model = assembleModel(
    final,
    {
      ...calibration,
      ...metrics.brier === null ? {} : { brier: roundMetric(metrics.brier) },
      rows: newest.length
    },
    rows,
    options,
    settings,
    {
      auc: roundMetric(metrics.auc),
      brier: roundMetric(metrics.brier),
      recall_at_20pct_effort: roundMetric(metrics.recall_at_20pct_effort),
      effort_at_20pct_recall: roundMetric(metrics.effort_at_20pct_recall)
    }
  );
  return { model, metrics, reliability, split: { fit: older.length, calibration: newest.length } };
}
function stripUndefined(value) {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== void 0));
}
function assembleModel(fit, calibration, rows, options, settings, metrics) {
  const sources = options.sources ?? [...new Set(rows.map((r) => r.source ?? ""))].filter((s) => s !== "");
  const recorded = settings.learner === "logistic-regression" ? { learner: settings.learner, balance: settings.balance, l2: settings.l2, refit: settings.refit } : {
    learner: settings.learner,
    balance: settings.balance,
    rounds: settings.rounds,
    learningRate: settings.learningRate,
    bins: settings.bins,
    lambda: settings.lambda,
    minLeafWeight: settings.minLeafWeight,
    refit: settings.refit
  };
  const training = {
    rows: rows.length,
    positives: rows.filter((r) => r.bug === 1).length,
    sources,
    settings: recorded,
    calibrationFraction: settings.calibrationFraction,
    metrics,
    ...options.evaluation ? { evaluation: options.evaluation } : {}
  };
  const common = {
    format: RISK_MODEL_FORMAT,
    version: 1,
    intercept: fit.intercept,
    calibration,
    training
  };
  return settings.learner === "logistic-regression" ? { ...common, learner: "logistic-regression", features: fit.features } : { ...common, learner: "additive-boosting", features: fit.features };
}

export {
  computeScoreMetrics,
  formatRiskModel,
  ModelFitError,
  computeRowEffort,
  trainRiskModel
};
