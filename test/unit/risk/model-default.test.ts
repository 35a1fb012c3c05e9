import { createEmptyKameiVector, KAMEI_FEATURES } from '../../../src/risk/kamei.js';
import { loadDefaultModel, parseRiskModel, predictRisk } from '../../../src/risk/model.js';

describe('loadDefaultModel', () => {
  it('loads the committed artifact, which validates and uses every Kamei feature', () => {
    const model = loadDefaultModel();
    expect(parseRiskModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
    expect(model.features.map((f) => f.name).sort()).toEqual([...KAMEI_FEATURES].sort());
  });

  it('records both leave-one-project-out tables and ships the learner with the better mean', () => {
    const lopo = loadDefaultModel().training.evaluation!.leave_one_project_out as Record<string, unknown>;
    type Table = { mean_auc: number; mean_la_auc: number; projects: { project: string }[] };
    const boosted = lopo.additive_boosting as Table;
    const logistic = lopo.logistic_regression as Table;
    expect(boosted.projects.map((p) => p.project)).toEqual([
      'gerrit',
      'go',
      'jdt',
      'openstack',
      'platform',
      'qt',
    ]);
    expect(lopo.chosen).toBe(
      boosted.mean_auc > logistic.mean_auc ? 'additive-boosting' : 'logistic-regression',
    );
    expect(loadDefaultModel().learner).toBe(lopo.chosen);
    expect(Math.max(boosted.mean_auc, logistic.mean_auc)).toBeGreaterThan(boosted.mean_la_auc);
  });

  it('scores a large change above a one-line change', () => {
    const model = loadDefaultModel();
    const base = {
      ...createEmptyKameiVector(),
      ns: 1,
      nd: 1,
      nf: 1,
      entropy: 0,
      ld: 0,
      lt: 200,
      fix: 0,
      ndev: 3,
      age: 30,
      nuc: 5,
      exp: 100,
      rexp: 20,
      sexp: 50,
    };
    const small = predictRisk(model, { ...base, la: 1 });
    const large = predictRisk(model, { ...base, la: 2000, nf: 30, nd: 8, ns: 3, entropy: 3.5 });
    expect(large.score).toBeGreaterThan(small.score);
    expect(small.missing).toEqual([]);
  });
});
