import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dependenciesGateSchema } from '../../../src/gates/config.js';
import {
  DependencyReportError,
  judgeDependencies,
  normalizeSeverity,
  parseDependencyReport,
  runDependenciesGate,
  type ScannerFormat,
} from '../../../src/gates/dependencies.js';
import { fixturesDir, makeFixtureContext, now } from './fixture-context.js';

const read = (file: string) => readFileSync(path.join(fixturesDir, 'dependencies', file), 'utf8');
const config = (extra: Record<string, unknown>) =>
  dependenciesGateSchema.parse({ npm_audit: 'dependencies/npm-audit.json', ...extra });

describe('parseDependencyReport', () => {
  it.each([
    {
      file: 'npm-audit.json',
      format: 'npm_audit',
      findings: [
        ['GHSA-35jh-r3h4-6jhm', 'lodash', 'high'],
        ['GHSA-p6mc-m468-83gw', 'lodash', 'critical'],
        ['GHSA-c2qf-rxjj-qqgw', 'semver', 'moderate'],
      ],
    },
    { file: 'npm-audit-clean.json', format: 'npm_audit', findings: [] },
    {
      file: 'osv-scanner.json',
      format: 'osv_scanner',
      findings: [
        ['GHSA-h5c8-rqwp-cp95', 'jinja2', 'moderate'],
        ['GHSA-v845-jxx5-vc9f', 'urllib3', 'high'],
      ],
    },
    {
      file: 'pip-audit.json',
      format: 'pip_audit',
      findings: [
        ['PYSEC-2019-179', 'flask', 'unknown'],
        ['PYSEC-2018-66', 'flask', 'unknown'],
      ],
    },
  ])('reads $file', ({ file, format, findings }) => {
    const parsed = parseDependencyReport(read(file), format as ScannerFormat, file);
    expect(parsed.map((f) => [f.id, f.package, f.severity])).toEqual(findings);
  });

  it('keeps aliases and fixed versions of osv-scanner groups', () => {
    const [jinja] = parseDependencyReport(read('osv-scanner.json'), 'osv_scanner', 'osv.json');
    expect(jinja).toMatchObject({
      aliases: ['PYSEC-2024-1', 'CVE-2024-22195'],
      version: '3.1.2',
      fixedIn: '3.1.3',
      url: 'https://osv.dev/vulnerability/GHSA-h5c8-rqwp-cp95',
    });
  });

  it.each([
    { value: 'CRITICAL', severity: 'critical' },
    { value: 'MODERATE', severity: 'moderate' },
    { value: 'medium', severity: 'moderate' },
    { value: 'info', severity: 'low' },
    { value: '9.8', severity: 'critical' },
    { value: 7, severity: 'high' },
    { value: '4.0', severity: 'moderate' },
    { value: 'whatever', severity: 'unknown' },
    { value: undefined, severity: 'unknown' },
  ])('normalizes severity $value to $severity', ({ value, severity }) => {
    expect(normalizeSeverity(value)).toBe(severity);
  });

  it.each([
    {
      text: read('npm6-audit.json.txt'),
      format: 'npm_audit',
      message: /no 'vulnerabilities' object\. This is the npm 6 format/,
    },
    { text: '{"results": 3}', format: 'osv_scanner', message: /not an osv-scanner report/ },
    { text: '{"deps": []}', format: 'pip_audit', message: /not a pip-audit report/ },
    { text: 'npm ERR! code ENOLOCK', format: 'npm_audit', message: /^r\.json: not valid JSON/ },
  ])('rejects malformed $format input naming the file', ({ text, format, message }) => {
    expect(() => parseDependencyReport(text, format as ScannerFormat, 'r.json')).toThrow(
      DependencyReportError,
    );
    expect(() => parseDependencyReport(text, format as ScannerFormat, 'r.json')).toThrow(message);
  });
});

describe('judgeDependencies', () => {
  const findings = parseDependencyReport(read('npm-audit.json'), 'npm_audit', 'audit.json');
  const allowLodash = (until: string) => [
    { id: 'GHSA-35jh-r3h4-6jhm', until, reason: 'no fix in report-kit yet' },
  ];

  it.each([
    {
      name: 'high threshold',
      extra: {},
      status: 'fail',
      failing: 2,
      summary: '2 advisories at or above gates.dependencies.severity (high) (1 below threshold).',
    },
    {
      name: 'critical threshold',
      extra: { severity: 'critical' },
      status: 'fail',
      failing: 1,
      summary: '1 advisory at or above gates.dependencies.severity (critical) (2 below threshold).',
    },
    {
      name: 'low threshold',
      extra: { severity: 'low' },
      status: 'fail',
      failing: 3,
      summary: '3 advisories at or above gates.dependencies.severity (low).',
    },
    {
      name: 'an allowance in force',
      extra: { allow: allowLodash('2027-01-31'), severity: 'high' },
      status: 'fail',
      failing: 1,
      summary: '1 advisory at or above gates.dependencies.severity (high) (1 allowed, 1 below threshold).',
    },
    {
      name: 'an allowance ending today still applies',
      extra: { allow: allowLodash('2026-11-21'), severity: 'high' },
      status: 'fail',
      failing: 1,
      summary: '1 advisory at or above gates.dependencies.severity (high) (1 allowed, 1 below threshold).',
    },
    {
      name: 'an expired allowance',
      extra: { allow: allowLodash('2026-11-20') },
      status: 'fail',
      failing: 2,
      summary:
        '2 advisories at or above gates.dependencies.severity (high) (1 allowance expired, 1 below threshold).',
    },
    {
      name: 'everything allowed by id, case-insensitive',
      extra: {
        severity: 'critical',
        allow: [{ id: 'ghsa-p6mc-m468-83gw', until: '2027-01-01', reason: 'not reachable' }],
      },
      status: 'pass',
      failing: 0,
      summary:
        'No advisory at or above gates.dependencies.severity (critical) (1 allowed, 2 below threshold).',
    },
  ])('judges $name', ({ extra, status, failing, summary }) => {
    const result = judgeDependencies(findings, ['audit.json'], config(extra), now);
    expect(result.status).toBe(status);
    expect(result.summary).toBe(summary);
    expect(result.metrics!.advisories_failing).toBe(failing);
  });

  it('says when an allowance has expired and how to fix it', () => {
    const result = judgeDependencies(
      findings,
      ['audit.json'],
      config({ allow: allowLodash('2026-11-01') }),
      now,
    );
    expect(result.details).toContain(
      'allowance expired on 2026-11-01; renew it in gates.dependencies.allow or upgrade',
    );
    expect(result.details).toContain(
      '| [GHSA-35jh-r3h4-6jhm](https://github.com/advisories/GHSA-35jh-r3h4-6jhm) | lodash (affected: <4.17.21) | high | Command Injection in lodash |',
    );
  });

  it('matches allowances by alias and applies unknown_severity to reports without severities', () => {
    const pip = parseDependencyReport(read('pip-audit.json'), 'pip_audit', 'pip.json');
    const allow = [{ id: 'CVE-2019-1010083', until: '2027-01-01', reason: 'flask is pinned by the vendor' }];
    const strict = judgeDependencies(pip, ['pip.json'], config({ allow }), now);
    expect(strict.metrics).toMatchObject({ advisories_failing: 1, advisories_allowed: 1 });
    const lenient = judgeDependencies(pip, ['pip.json'], config({ unknown_severity: 'low' }), now);
    expect(lenient.status).toBe('pass');
  });

  it('lists allowances that match no finding', () => {
    const allow = [{ id: 'GHSA-aaaa-bbbb-cccc', until: '2027-01-01', reason: 'old' }];
    const result = judgeDependencies(findings, ['audit.json'], config({ allow }), now);
    expect(result.details).toContain(
      'Allowances that match no finding (remove them from gates.dependencies.allow): GHSA-aaaa-bbbb-cccc.',
    );
  });
});

describe('runDependenciesGate', () => {
  it('reads several scanners together', async () => {
    const result = await runDependenciesGate(
      config({
        osv_scanner: 'dependencies/osv-scanner.json',
        pip_audit: 'dependencies/pip-audit.json',
        blocking: true,
      }),
      makeFixtureContext(),
    );
    expect(result).toMatchObject({ gate: 'dependencies', status: 'fail', blocking: true });
    expect(result.metrics).toMatchObject({ advisories_total: 7, advisories_failing: 5 });
  });

  it('passes a clean report', async () => {
    const result = await runDependenciesGate(
      config({ npm_audit: 'dependencies/npm-audit-clean.json' }),
      makeFixtureContext(),
    );
    expect(result.status).toBe('pass');
  });

  it('skips, naming the key, when no report exists', async () => {
    const result = await runDependenciesGate(config({ npm_audit: 'audit.json' }), makeFixtureContext());
    expect(result.status).toBe('skip');
    expect(result.summary).toMatch(/^gates\.dependencies\.npm_audit: 'audit\.json' matched no file/);
  });

  it('is an error naming the file when a report is malformed', async () => {
    const result = await runDependenciesGate(
      config({ npm_audit: 'dependencies/npm6-audit.json.txt' }),
      makeFixtureContext(),
    );
    expect(result.status).toBe('error');
    expect(result.summary).toMatch(/^dependencies\/npm6-audit\.json\.txt: not an npm audit report/);
  });
});
