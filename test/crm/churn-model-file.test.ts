// The versioned churn model files: the shipped telco blend loads, validates and logs its version; a damaged file is
// refused with a clear error; explanations come from both members of the blend.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlendedChurnModel } from '../../src/crm/churn-blend.js';
import { blendFileSchema, hashRows, loadChurnScorer } from '../../src/crm/churn-model-file.js';
import { provenance } from '../../src/crm/model-provenance.js';
import type { Logger } from '../../src/logger.js';
import type { SubscriptionAttributes } from '../../src/store/ports.js';

const shipped = join(import.meta.dirname, '..', '..', 'models');
const dir = mkdtempSync(join(tmpdir(), 'churn-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recordingLogger(events: { event: string; fields?: Record<string, unknown> }[]): Logger {
  const log = (event: string, fields?: Record<string, unknown>) => void events.push({ event, fields });
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

const risky: SubscriptionAttributes = {
  tenureMonths: 2, contract: 'Month-to-month', monthlyCharges: 95, internetService: 'Fiber optic', paymentMethod: 'Electronic check',
  techSupport: 'No', onlineSecurity: 'No', onlineBackup: 'No', deviceProtection: 'No', paperlessBilling: true, phoneService: 'Yes', multipleLines: 'No',
  streamingTV: 'No', streamingMovies: 'No',
};
const loyal: SubscriptionAttributes = { ...risky, tenureMonths: 60, contract: 'Two year', internetService: 'DSL', paymentMethod: 'Bank transfer (automatic)', techSupport: 'Yes', onlineSecurity: 'Yes', monthlyCharges: 60 };

describe('shipped telco churn model file', () => {
  const file = blendFileSchema.parse(JSON.parse(readFileSync(join(shipped, 'churn-model.json'), 'utf8')));

  it('carries version, training date, data hash, features and cross-validated metrics', () => {
    expect(file.version).toMatch(/^\d{4}-\d{2}-\d{2}-[0-9a-f]{8}-[0-9a-f]{6}$/);
    expect(file.version.split('-')[3]).toBe(file.dataHash.slice(7, 15));
    expect(Number.isNaN(Date.parse(file.trainedAt))).toBe(false);
    expect(file.features).toContain('contract');
    expect(file.features).not.toContain('gender');
    expect(file.features).not.toContain('seniorCitizen');
    expect(file.metrics.folds).toBe(5);
    expect(file.metrics.cvRocAuc).toBeGreaterThan(file.metrics.baselines.tenureOnly?.auc ?? 1);
  });

  it('loads, logs its version and ranks a risky customer above a loyal one with plain-words drivers', () => {
    const events: { event: string; fields?: Record<string, unknown> }[] = [];
    const scorer = loadChurnScorer(shipped, recordingLogger(events));
    expect(events.find((e) => e.event === 'churn.model.loaded')?.fields?.version).toBe(file.version);
    const high = scorer?.score(risky);
    expect(high?.probability).toBeGreaterThan(scorer?.probability(loyal) ?? 1);
    expect(high?.model).toBe(`churn-blend@${file.version}`);
    expect(high?.drivers.length).toBeGreaterThan(0);
    expect(high?.drivers.join(' ')).toMatch(/month-to-month contract|short tenure|fibre optic/);
  });

  it('explains the calibrated log-odds with LR terms plus tree path contributions', () => {
    const scorer = loadChurnScorer(shipped, recordingLogger([])) as unknown as BlendedChurnModel;
    const contributions = [...scorer.contributions(risky).values()].reduce((a, b) => a + b, 0);
    const average = [...scorer.contributions(loyal).values()].reduce((a, b) => a + b, 0);
    // Contributions are relative to a reference; their difference must equal the difference in calibrated log-odds.
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(contributions - average).toBeCloseTo(logit(scorer.probability(risky)) - logit(scorer.probability(loyal)), 6);
  });

  it('refuses a damaged file, naming the file and the field', () => {
    const bad = join(dir, 'bad');
    const json = JSON.parse(readFileSync(join(shipped, 'churn-model.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'churn-model.json'), JSON.stringify({ ...json, dataHash: 'md5:1' }));
    expect(() => loadChurnScorer(dir, recordingLogger([]))).toThrow(/churn-model\.json is invalid at dataHash/);
    copyFileSync(join(shipped, 'churn-model.json'), join(dir, 'churn-model.json'));
    expect(loadChurnScorer(dir, recordingLogger([]))).not.toBeNull();
    expect(loadChurnScorer(bad, recordingLogger([]))).toBeNull();
  });

  it('versions by day, data and parameters: a retrain into other parameters the same day gets another version', () => {
    const now = new Date('2026-11-23T09:00:00Z');
    const a = provenance(now, file.dataHash, 'telco.csv', { lrWeight: 0.7 });
    expect(a.version).toBe(`2026-11-23-${file.dataHash.slice(7, 15)}-${a.version.slice(-6)}`);
    expect(provenance(new Date('2026-11-23T17:00:00Z'), file.dataHash, 'telco.csv', { lrWeight: 0.7 }).version).toBe(a.version);
    expect(provenance(now, file.dataHash, 'telco.csv', { lrWeight: 0.6 }).version).not.toBe(a.version);
    expect(provenance(new Date('2026-11-24T09:00:00Z'), file.dataHash, 'telco.csv', { lrWeight: 0.7 }).version).not.toBe(a.version);
  });

  it('hashes the same rows the same way and different rows differently', () => {
    const rows = [{ attributes: risky, churned: true }, { attributes: loyal, churned: false }];
    expect(hashRows(rows)).toBe(hashRows(rows.map((r) => ({ ...r, attributes: { ...r.attributes } }))));
    expect(hashRows(rows)).not.toBe(hashRows([rows[0] as (typeof rows)[0], { ...(rows[1] as (typeof rows)[1]), churned: true }]));
  });
});
