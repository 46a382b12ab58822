// The managers' reports API: /api/reports/* with from, to, channel and segment filters; JSON by default, CSV with
// ?format=csv (all of a report's tables, or one with &table=<name>). Managers and admins only.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { Logger } from '../logger.js';
import { churnMixReport } from '../reports/churn-mix-report.js';
import { confidenceReport } from '../reports/confidence-report.js';
import { tablesToCsv } from '../reports/csv.js';
import { fallbackReport } from '../reports/fallback-report.js';
import { handoffReport } from '../reports/handoff-report.js';
import { intentReport, intentUtterances, utterancePageSchema } from '../reports/intent-report.js';
import { reportFiltersInputSchema, resolveFilters, type ReportFilters } from '../reports/report-filters.js';
import {
  churnMixTables, confidenceTables, fallbackTables, handoffTables, intentTables, summaryTables, utteranceTables, type Table,
} from '../reports/report-tables.js';
import { summaryReport } from '../reports/summary-report.js';
import type { Store } from '../store/ports.js';
import { requireRole } from './auth.js';
import { parseInput } from './validation.js';

const formatSchema = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  table: z.string().max(80).optional(),
});
const querySchema = reportFiltersInputSchema.extend(formatSchema.shape).extend(utterancePageSchema.shape);
const intentParamsSchema = z.object({ intent: z.string().min(1).max(80).regex(/^[\w-]+$/u, 'an intent name') });

function send(req: Request, res: Response, name: string, report: object, tables: Table[]): void {
  const { format, table } = parseInput(formatSchema, { format: req.query.format, table: req.query.table }, 'query');
  if (format === 'json') {
    res.json(report);
    return;
  }
  const chosen = table ? tables.filter((t) => t.name === table) : tables;
  if (chosen.length === 0) throw new AppError('NOT_FOUND', `No table ${table}; this report has ${tables.map((t) => t.name).join(', ')}`, { status: 404 });
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${table ?? name}.csv"`);
  res.send(tablesToCsv(chosen));
}

export function reportRoutes(deps: { store: Store; logger: Logger; now?: () => Date }): Router {
  const { store, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const router = Router();
  router.use('/api/reports', requireRole('manager', 'admin'));

  const filtersOf = (req: Request): ReportFilters => {
    const query = parseInput(querySchema, req.query, 'query');
    return resolveFilters({ from: query.from, to: query.to, channel: query.channel, segment: query.segment }, now());
  };

  function route<R extends object>(path: string, name: string, build: (f: ReportFilters) => Promise<R>, tables: (r: R) => Table[]): void {
    router.get(path, async (req, res) => {
      const started = performance.now();
      const filters = filtersOf(req);
      const report = await build(filters);
      logger.info(`reports.${name}.done`, { from: filters.from, to: filters.to, ms: Math.round(performance.now() - started) });
      send(req, res, name, report, tables(report));
    });
  }

  route('/api/reports/summary', 'summary', (f) => summaryReport(store, f), summaryTables);
  route('/api/reports/intents', 'intents', (f) => intentReport(store, f), intentTables);
  route('/api/reports/confidence', 'confidence', (f) => confidenceReport(store, f), confidenceTables);
  route('/api/reports/fallbacks', 'fallbacks', (f) => fallbackReport(store, f), fallbackTables);
  route('/api/reports/handoffs', 'handoffs', (f) => handoffReport(store, f), handoffTables);
  route('/api/reports/churn-mix', 'churn-mix', (f) => churnMixReport(store, f), churnMixTables);

  router.get('/api/reports/intents/:intent/utterances', async (req, res) => {
    const { intent } = parseInput(intentParamsSchema, req.params, 'params');
    const filters = filtersOf(req);
    const { page, pageSize } = parseInput(querySchema, req.query, 'query');
    const result = await intentUtterances(store, filters, intent, { page, pageSize });
    send(req, res, `utterances-${intent}`, result, utteranceTables(result));
  });
  return router;
}
