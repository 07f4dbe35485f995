import type { Report } from '../types';
import { consoleReport } from './console';
import { htmlReport } from './html';
import { jsonReport } from './json';
import { junitReport } from './junit';

export const REPORTERS = ['console', 'json', 'junit', 'html'] as const;
export type ReporterName = (typeof REPORTERS)[number];

export function renderReport(report: Report, reporter: ReporterName): string {
  switch (reporter) {
    case 'console':
      return consoleReport(report);
    case 'json':
      return jsonReport(report);
    case 'junit':
      return junitReport(report);
    case 'html':
      return htmlReport(report);
  }
}

export { consoleReport, htmlReport, jsonReport, junitReport };
