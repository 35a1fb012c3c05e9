// src/policy/tiers.ts
var TIERS = ["trivial", "low", "medium", "high"];
var DEFAULT_RISK_THRESHOLDS = { low: 20, medium: 45, high: 70 };
function tierForScore(score, thresholds = DEFAULT_RISK_THRESHOLDS) {
  if (score >= thresholds.high) return "high";
  if (score >= thresholds.medium) return "medium";
  if (score >= thresholds.low) return "low";
  return "trivial";
}
function raiseTier(tier, steps = 1) {
  const index = Math.min(TIERS.indexOf(tier) + steps, TIERS.length - 1);
  return TIERS[index];
}
function maxTier(a, b) {
  return TIERS.indexOf(a) >= TIERS.indexOf(b) ? a : b;
}
function isTier(value) {
  return typeof value === "string" && TIERS.includes(value);
}

export {
  TIERS,
  DEFAULT_RISK_THRESHOLDS,
  tierForScore,
  raiseTier,
  maxTier,
  isTier
};
