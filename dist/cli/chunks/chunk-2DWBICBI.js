// src/risk/model.ts
import { z } from "zod";

// src/risk/kamei.ts
var KAMEI_FEATURES = [
  "ns",
  "nd",
  "nf",
  "entropy",
  "la",
  "ld",
  "lt",
  "fix",
  "ndev",
  "age",
  "nuc",
  "exp",
  "rexp",
  "sexp"
];
function createEmptyKameiVector() {
  return {
    ns: null,
    nd: null,
    nf: null,
    entropy: null,
    la: null,
    ld: null,
    lt: null,
    fix: null,
    ndev: null,
    age: null,
    nuc: null,
    exp: null,
    rexp: null,
    sexp: null
  };
}

// src/risk/model/default-model.json
var default_model_default = {
  format: "shipgate-risk-model",
  version: 1,
  learner: "additive-boosting",
  intercept: -0.012416043,
  features: [
    { name: "ns", transform: "log1p", edges: [], values: [0], missingLogit: 0 },
    { name: "nd", transform: "log1p", edges: [], values: [0], missingLogit: 0 },
    { name: "nf", transform: "log1p", edges: [1.2424533, 1.4978661, 1.8688348], values: [-0.116796, 0.0830384, 0.243823, 0.338656], missingLogit: 0.338656 },
    { name: "entropy", transform: "log1p", edges: [0.0017192508, 0.30965061, 0.54016383], values: [-0.0647978, -932397e-8, 0.0216964, 0.0501512], missingLogit: 0.0501512 },
    { name: "la", transform: "log1p", edges: [0.89587973, 1.2424533, 1.7005987, 2.441401, 2.7403195, 3.0201274, 3.3140207, 3.624252, 3.979638, 4.4005842, 4.966329], values: [-1.18551, -0.427959, -0.383007, -0.301995, 0.0338271, 0.153822, 0.25438, 0.324641, 0.458775, 0.618535, 0.631099, 0.896992], missingLogit: 0.631099 },
    { name: "ld", transform: "log1p", edges: [0.34657359, 0.89587973, 2.2499048, 2.8617926, 3.2769667, 3.7726949], values: [-0.159498, -0.11785, -0.0183146, 384216e-8, 0.084024, 0.162609, 0.176592], missingLogit: 0.176592 },
    { name: "lt", transform: "log1p", edges: [7.7211269], values: [0.018238, -0.032583], missingLogit: 0.018238 },
    { name: "fix", transform: "identity", edges: [0.5], values: [-0.241342, 0.328314], missingLogit: 0.328314 },
    { name: "ndev", transform: "log1p", edges: [3.5408543], values: [-408269e-8, 0.0155746], missingLogit: 0.0155746 },
    { name: "age", transform: "log1p", edges: [3.8599734, 4.1310352, 4.3927765, 4.6481343, 4.9172886], values: [0.11107, 0.0835773, 0.0423565, -399311e-8, -0.0675063, -0.240139], missingLogit: 0.11107 },
    { name: "nuc", transform: "log1p", edges: [3.7954261, 6.8736812], values: [-0.0636472, 0.0341932, 119978e-8], missingLogit: 0.0341932 },
    { name: "exp", transform: "log1p", edges: [7.6379573, 7.9111407, 8.2102603, 9.3659329], values: [0.140388, -936044e-8, -0.0721961, -0.187681, -0.329335], missingLogit: 0.140388 },
    { name: "rexp", transform: "log1p", edges: [4.4043748, 4.7114195], values: [-0.132816, -0.0669031, 0.161345], missingLogit: 0.161345 },
    { name: "sexp", transform: "log1p", edges: [4.7999058, 5.4701654, 6.7528541, 7.5650161], values: [-0.069408, -0.0478275, 0.0816996, 0.0502457, 0.120072], missingLogit: 0.0816996 }
  ],
  calibration: {
    method: "platt",
    slope: 1.084352,
    intercept: -1.2155042,
    brier: 0.1501,
    rows: 18983
  },
  training: {
    rows: 94918,
    positives: 25093,
    sources: [
      "gerrit",
      "go",
      "jdt",
      "openstack",
      "platform",
      "qt"
    ],
    settings: {
      learner: "additive-boosting",
      balance: "source-class",
      rounds: 200,
      learningRate: 0.1,
      bins: 16,
      lambda: 1,
      minLeafWeight: 50,
      refit: true
    },
    calibrationFraction: 0.2,
    metrics: {
      auc: 0.7474,
      brier: 0.1501,
      recall_at_20pct_effort: 0.7328,
      effort_at_20pct_recall: 0.0133
    },
    evaluation: {
      leave_one_project_out: {
        protocol: "leave one project out: train on the other projects, test on the newest 20% (by date) of the held-out project; la_auc is LApredict (lines added only) on the same rows",
        chosen: "additive-boosting",
        additive_boosting: {
          projects: [
            {
              project: "gerrit",
              n: 2985,
              positives: 188,
              auc: 0.753,
              la_auc: 0.7494,
              brier: 0.0826,
              recall_at_20pct_effort: 0.6064,
              effort_at_20pct_recall: 0.0418
            },
            {
              project: "go",
              n: 3802,
              positives: 1468,
              auc: 0.711,
              la_auc: 0.6831,
              brier: 0.236,
              recall_at_20pct_effort: 0.8134,
              effort_at_20pct_recall: 0.01
            },
            {
              project: "jdt",
              n: 656,
              positives: 321,
              auc: 0.7073,
              la_auc: 0.6757,
              brier: 0.2472,
              recall_at_20pct_effort: 0.6386,
              effort_at_20pct_recall: 0.0229
            },
            {
              project: "openstack",
              n: 4551,
              positives: 874,
              auc: 0.7661,
              la_auc: 0.7494,
              brier: 0.1433,
              recall_at_20pct_effort: 0.5641,
              effort_at_20pct_recall: 0.0358
            },
            {
              project: "platform",
              n: 2207,
              positives: 706,
              auc: 0.7662,
              la_auc: 0.7461,
              brier: 0.2077,
              recall_at_20pct_effort: 0.9023,
              effort_at_20pct_recall: 91e-4
            },
            {
              project: "qt",
              n: 4782,
              positives: 695,
              auc: 0.7436,
              la_auc: 0.7439,
              brier: 0.1205,
              recall_at_20pct_effort: 0.7137,
              effort_at_20pct_recall: 0.0193
            }
          ],
          mean_auc: 0.7412,
          mean_la_auc: 0.7246,
          wins_over_la: 5
        },
        logistic_regression: {
          projects: [
            {
              project: "gerrit",
              n: 2985,
              positives: 188,
              auc: 0.7423,
              la_auc: 0.7494,
              brier: 0.079,
              recall_at_20pct_effort: 0.5798,
              effort_at_20pct_recall: 0.0495
            },
            {
              project: "go",
              n: 3802,
              positives: 1468,
              auc: 0.7117,
              la_auc: 0.6831,
              brier: 0.2333,
              recall_at_20pct_effort: 0.8147,
              effort_at_20pct_recall: 96e-4
            },
            {
              project: "jdt",
              n: 656,
              positives: 321,
              auc: 0.6944,
              la_auc: 0.6757,
              brier: 0.2603,
              recall_at_20pct_effort: 0.6324,
              effort_at_20pct_recall: 0.0219
            },
            {
              project: "openstack",
              n: 4551,
              positives: 874,
              auc: 0.7702,
              la_auc: 0.7494,
              brier: 0.1402,
              recall_at_20pct_effort: 0.5606,
              effort_at_20pct_recall: 0.037
            },
            {
              project: "platform",
              n: 2207,
              positives: 706,
              auc: 0.7532,
              la_auc: 0.7461,
              brier: 0.2054,
              recall_at_20pct_effort: 0.9065,
              effort_at_20pct_recall: 0.0114
            },
            {
              project: "qt",
              n: 4782,
              positives: 695,
              auc: 0.7432,
              la_auc: 0.7439,
              brier: 0.1193,
              recall_at_20pct_effort: 0.7036,
              effort_at_20pct_recall: 0.0215
            }
          ],
          mean_auc: 0.7359,
          mean_la_auc: 0.7246,
          wins_over_la: 4
        }
      }
    }
  }
};

// src/risk/model.ts
var RISK_MODEL_FORMAT = "shipgate-risk-model";
var transformSchema = z.enum(["log1p", "identity"]);
var linearFeatureSchema = z.object({
  name: z.enum(KAMEI_FEATURES),
  /** Applied to the raw value before standardisation; log1p clamps negatives to 0 first. */
  transform: transformSchema,
  /** Transformed values are clipped to this range (the training range) before standardising. */
  clip: z.tuple([z.number(), z.number()]),
  mean: z.number(),
  std: z.number().positive(),
  weight: z.number(),
  /** Logit used, floored at 0, when the signal is missing. */
  missingLogit: z.number()
}).strict();
var stepFeatureSchema = z.object({
  name: z.enum(KAMEI_FEATURES),
  transform: transformSchema,
  /** Ascending thresholds on the transformed value; a value v falls in step #{edges < v}. */
  edges: z.array(z.number()),
  /** The feature's logit in each step: one more entry than edges. */
  values: z.array(z.number()).min(1),
  missingLogit: z.number()
}).strict();
var calibrationSchema = z.object({
  method: z.literal("platt"),
  slope: z.number(),
  intercept: z.number(),
  /** Brier score of the calibrated probabilities on the held-out slice they were fitted on. */
  brier: z.number().optional(),
  rows: z.number().int().nonnegative().optional()
}).strict();
var trainingSchema = z.object({
  rows: z.number().int().nonnegative(),
  positives: z.number().int().nonnegative(),
  /** Where the rows came from (file or project names), for the record. */
  sources: z.array(z.string()),
  /** The training settings (learner, penalty, rounds, …), for the record. */
  settings: z.record(z.string(), z.unknown()),
  /** Fraction of the newest rows (per source) held out to fit the calibration. */
  calibrationFraction: z.number().min(0).max(1),
  /** Metrics of the calibrated model on the held-out calibration slice. */
  metrics: z.record(z.string(), z.number().nullable()),
  /** Further evaluations (for the default model: the leave-one-project-out table). */
  evaluation: z.record(z.string(), z.unknown()).optional()
}).strict();
var common = {
  format: z.literal(RISK_MODEL_FORMAT),
  version: z.literal(1),
  intercept: z.number(),
  calibration: calibrationSchema,
  training: trainingSchema
};
var riskModelSchema = z.discriminatedUnion("learner", [
  z.object({
    ...common,
    learner: z.literal("logistic-regression"),
    features: z.array(linearFeatureSchema).min(1)
  }).strict(),
  z.object({
    ...common,
    learner: z.literal("additive-boosting"),
    features: z.array(stepFeatureSchema).min(1)
  }).strict()
]);
var RiskModelError = class extends Error {
  name = "RiskModelError";
};
function parseRiskModel(json) {
  const result = riskModelSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 8).map((issue) => `  - ${issue.path.length ? issue.path.join(".") : "(top level)"}: ${issue.message}`).join("\n");
    throw new RiskModelError(
      `not a shipgate risk model (format "${RISK_MODEL_FORMAT}", version 1):
${problems}
Fix: pass a file written by \`shipgate model train\`, or leave --model out to use the shipped model.`
    );
  }
  const seen = /* @__PURE__ */ new Set();
  result.data.features.forEach((feature, index) => {
    const where = `features.${index} ("${feature.name}")`;
    if (seen.has(feature.name))
      throw new RiskModelError(`${where}: the feature is listed twice; each may appear once.`);
    seen.add(feature.name);
    if ("clip" in feature && !(feature.clip[0] <= feature.clip[1])) {
      throw new RiskModelError(`${where}: clip [${feature.clip.join(", ")}] is not a range (low first).`);
    }
    if ("edges" in feature) {
      if (feature.values.length !== feature.edges.length + 1) {
        throw new RiskModelError(
          `${where}: values has ${feature.values.length} entries but needs one more than edges (${feature.edges.length}).`
        );
      }
      if (feature.edges.some((edge, k) => k > 0 && !(edge > feature.edges[k - 1]))) {
        throw new RiskModelError(`${where}: edges must be strictly ascending.`);
      }
    }
  });
  return result.data;
}
function sigmoid(x) {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
function transformFeatureValue(transform, raw) {
  return transform === "log1p" ? Math.log1p(Math.max(0, raw)) : raw;
}
function computeKnownFeatureLogit(feature, raw) {
  const t = transformFeatureValue(feature.transform, raw);
  if ("weight" in feature) {
    const clipped = Math.min(feature.clip[1], Math.max(feature.clip[0], t));
    return feature.weight * (clipped - feature.mean) / feature.std;
  }
  let lo = 0;
  let hi = feature.edges.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (t > feature.edges[mid]) lo = mid + 1;
    else hi = mid;
  }
  return feature.values[lo];
}
function computeFeatureLogit(feature, raw) {
  if (raw === null || !Number.isFinite(raw)) return Math.max(0, feature.missingLogit);
  return computeKnownFeatureLogit(feature, raw);
}
function computeRiskLogit(model, vector) {
  let logit = model.intercept;
  for (const feature of model.features) {
    logit += computeFeatureLogit(feature, vector[feature.name] ?? null);
  }
  return logit;
}
function calibrateLogit(model, logit) {
  return sigmoid(model.calibration.slope * logit + model.calibration.intercept);
}
function apportionPoints(shares, total) {
  const floors = shares.map((s) => Math.floor(s));
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => ({ i, rest: s - Math.floor(s) })).sort((a, b) => (left >= 0 ? b.rest - a.rest : a.rest - b.rest) || a.i - b.i);
  const points = [...floors];
  for (let k = 0; left !== 0 && order.length > 0; k = (k + 1) % order.length) {
    const step = left > 0 ? 1 : -1;
    points[order[k].i] += step;
    left -= step;
  }
  return points;
}
function predictRisk(model, vector) {
  const features = model.features;
  const logits = features.map((f) => computeFeatureLogit(f, vector[f.name] ?? null));
  const missing = features.filter((f) => {
    const v = vector[f.name];
    return v === null || v === void 0 || !Number.isFinite(v);
  }).map((f) => f.name);
  const baseLogit = model.intercept;
  const logit = logits.reduce((a, b) => a + b, baseLogit);
  const probability = calibrateLogit(model, logit);
  const baseProbability = calibrateLogit(model, baseLogit);
  const score = Math.round(100 * probability);
  const baseScore = Math.round(100 * baseProbability);
  const delta = logit - baseLogit;
  const slope = Math.abs(delta) > 1e-9 ? 100 * (probability - baseProbability) / delta : 100 * model.calibration.slope * baseProbability * (1 - baseProbability);
  const points = apportionPoints(
    logits.map((c) => c * slope),
    score - baseScore
  );
  return {
    probability,
    score,
    baseline: { probability: baseProbability, score: baseScore },
    contributions: features.map((f, i) => ({
      feature: f.name,
      value: vector[f.name] ?? null,
      logit: logits[i],
      points: points[i]
    })),
    missing
  };
}
var defaultModel;
function loadDefaultModel() {
  defaultModel ??= parseRiskModel(default_model_default);
  return defaultModel;
}

export {
  KAMEI_FEATURES,
  createEmptyKameiVector,
  RISK_MODEL_FORMAT,
  RiskModelError,
  parseRiskModel,
  transformFeatureValue,
  computeKnownFeatureLogit,
  computeRiskLogit,
  calibrateLogit,
  predictRisk,
  loadDefaultModel
};
