// The scheduled digest (`cli report`): every report for one period, as JSON, CSV (one section per table) or Markdown.
import { z } from 'zod';
import type { Store } from '../store/ports.js';
import { churnMixReport } from './churn-mix-report.js';
import { confidenceReport } from './confidence-report.js';
import { tablesToCsv } from './csv.js';
import { fallbackReport } from './fallback-report.js';
import { handoffReport } from './handoff-report.js';
import { intentReport } from './intent-report.js';
import { reportFiltersInputSchema, resolveFilters } from './report-filters.js';
import {
  churnMixTables, confidenceTables, fallbackTables, handoffTables, intentTables, summaryTables, type Cell, type Table,
} from './report-tables.js';
import { summaryReport } from './summary-report.js';

export const digestArgsSchema = reportFiltersInputSchema.extend({ format: z.enum(['md', 'csv', 'json']).default('md') });

export async function buildDigest(store: Store, args: z.infer<typeof digestArgsSchema>, now = new Date()): Promise<string> {
  const filters = resolveFilters({ from: args.from, to: args.to, channel: args.channel, segment: args.segment }, now);
  const [summary, intents, confidence, fallbacks, handoffs, churnMix] = await Promise.all([
    summaryReport(store, filters), intentReport(store, filters), confidenceReport(store, filters),
    fallbackReport(store, filters), handoffReport(store, filters), churnMixReport(store, filters),
  ]);
  if (args.format === 'json') return `${JSON.stringify({ filters, summary, intents, confidence, fallbacks, handoffs, churnMix })}\n`;
  const tables = [
    ...summaryTables(summary), ...intentTables(intents).filter((t) => t.name === 'intent-volume'), ...confidenceTables(confidence),
    ...fallbackTables(fallbacks), ...handoffTables(handoffs), ...churnMixTables(churnMix),
  ];
  if (args.format === 'csv') return tablesToCsv(tables);
  const scope = [filters.channel && `channel ${filters.channel}`, filters.segment && `segment ${filters.segment}`].filter(Boolean).join(', ');
  return [`# Concierge digest ${filters.from} – ${filters.to}${scope ? ` (${scope})` : ''}`, '', ...tables.flatMap(markdownTable)].join('\n');
}

const mdCell = (c: Cell): string => (c === null ? '—' : String(c).replace(/\|/gu, '\\|').replace(/\s+/gu, ' '));

function markdownTable(table: Table): string[] {
  return [
    `## ${table.name}`,
    '',
    `| ${table.columns.map(mdCell).join(' | ')} |`,
    `|${table.columns.map(() => '---').join('|')}|`,
    ...(table.rows.length === 0 ? [`| ${table.columns.map(() => '—').join(' | ')} |`] : table.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)),
    '',
  ];
}
