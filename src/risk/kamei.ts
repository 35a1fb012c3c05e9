/**
 * The 14 just-in-time change features of Kamei et al. (2013), in a fixed order.
 * Every change-risk model in shipgate reads these names.
 */
export const KAMEI_FEATURES = [
  'ns',
  'nd',
  'nf',
  'entropy',
  'la',
  'ld',
  'lt',
  'fix',
  'ndev',
  'age',
  'nuc',
  'exp',
  'rexp',
  'sexp',
] as const;

export type KameiFeature = (typeof KAMEI_FEATURES)[number];

/** One change's features. `null` means the signal is missing (for example, a shallow clone), never zero. */
export type KameiVector = Record<KameiFeature, number | null>;

/** One line, in plain words, per feature. */
export const KAMEI_DESCRIPTIONS: Record<KameiFeature, string> = {
  ns: 'number of subsystems (top-level directories) the change touches',
  nd: 'number of directories the change touches',
  nf: 'number of files the change touches',
  entropy: 'how evenly the changed lines spread across the touched files (Shannon entropy)',
  la: 'lines added',
  ld: 'lines deleted',
  lt: 'lines in the touched files before the change',
  fix: 'whether the change is itself a bug fix (1) or not (0)',
  ndev: 'number of distinct developers who changed the touched files before',
  age: 'mean days since the touched files were last changed',
  nuc: 'number of unique earlier changes to the touched files',
  exp: "author's experience: number of earlier changes by the author",
  rexp: "author's recent experience: earlier changes weighted by recency",
  sexp: "author's experience in the touched subsystems: earlier changes there",
};

/** Whether `name` is one of the Kamei feature names. */
export function isKameiFeature(name: string): name is KameiFeature {
  return (KAMEI_FEATURES as readonly string[]).includes(name);
}

/** A vector with every signal missing; fill in what is known. */
export function createEmptyKameiVector(): KameiVector {
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
    sexp: null,
  };
}
