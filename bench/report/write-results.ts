import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchReport } from '../types.js';
import { renderMarkdown } from './markdown.js';
import { renderSvg } from './svg-chart.js';

export interface WrittenFiles {
  json: string;
  markdown: string;
  svg: string;
}

/** `2026-05-12T18-30-05Z`: sortable and safe in a file name. */
export function fileStamp(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/** Writes `<stamp>.json`, `<stamp>.md` and `<stamp>.svg` under `outDir`. */
export function writeResults(report: BenchReport, outDir: string, stamp: string): WrittenFiles {
  mkdirSync(outDir, { recursive: true });
  const files = { json: join(outDir, `${stamp}.json`), markdown: join(outDir, `${stamp}.md`), svg: join(outDir, `${stamp}.svg`) };
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.svg, renderSvg(report));
  writeFileSync(files.markdown, renderMarkdown(report, `${stamp}.svg`));
  return files;
}
