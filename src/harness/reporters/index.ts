import type { Report } from '../types';
import { consoleReport } from './console';
import { htmlReport } from './html';
import { jsonReport } from './json';
import { junitReport } from './junit';

export const REPORTERS = ['console', 'json', 'junit', 'html'] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** Each reporter; `title` names the command that produced the report (`contract-mock run`). */
const RENDERERS: Record<ReporterName, (report: Report, title: string) => string> = {
  console: (report) => consoleReport(report),
  json: (report) => jsonReport(report),
  junit: junitReport,
  html: htmlReport,
};

export function renderReport(report: Report, reporter: ReporterName, title = 'contract-mock verify'): string {
  return RENDERERS[reporter](report, title);
}

export { consoleDetails } from './console';
export { findingsText, summaryLine, tally, verdict, type Tally } from './summary';
export { consoleReport, htmlReport, jsonReport, junitReport };
