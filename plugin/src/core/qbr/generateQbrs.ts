/**
 * `sf healthplan qbr`: read the org once, build each plan's document with the shared builder, render
 * it with the shared renderer, and write HTML or print PDF. The command only parses flags and reports.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { ApiUsageMeter, meteredConnection } from '../org/apiUsage.js';
import type { OrgConnection } from '../org/connection.js';
import { riskReader } from '../risk/reader.js';
import { buildQbr, renderQbrHtml, type Paper } from './document/index.js';
import { escapeHtml } from './document/html.js';
import { inlineFontCss } from './fonts.js';
import { loadQbrInputs } from './loadQbrInputs.js';
import { startPdfPrinter, type PdfPrinter } from './pdfPrinter.js';

export type QbrFormat = 'pdf' | 'html';

/** Documents printed at once; measured with `npm run bench -- qbr`. */
const PRINT_CONCURRENCY = 3;

export type QbrOptions = {
  /** One plan, or every plan when absent. */
  healthPlanId?: string;
  quarter: string;
  /** The file to write; with every plan, each file is named after it with `-PLANID` before the extension. */
  output: string;
  paper: Paper;
  generatedOn: string;
  chromiumPath?: string;
  onProgress?: (done: number, total: number) => void;
};

export type QbrFile = {
  healthPlanId: string;
  planName: string;
  file: string;
  /** True when the quarter has no snapshot: the document says so. */
  empty: boolean;
  figures: number;
  bytes: number;
};

export type QbrResult = {
  quarter: string;
  format: QbrFormat;
  paper: Paper;
  files: QbrFile[];
  queries: number;
  apiCalls: number;
  durationMs: number;
};

export class UnknownPlanError extends Error {
  public constructor(public readonly healthPlanId: string) {
    super(`No Account has Health_Plan_Id__c = ${healthPlanId}`);
    this.name = 'UnknownPlanError';
  }
}

export class OutputFormatError extends Error {
  public constructor(public readonly output: string) {
    super(`${output} does not end in .pdf or .html`);
    this.name = 'OutputFormatError';
  }
}

export function outputFormat(output: string): QbrFormat {
  const extension = extname(output).toLowerCase();
  if (extension === '.pdf') return 'pdf';
  if (extension === '.html' || extension === '.htm') return 'html';
  throw new OutputFormatError(output);
}

function fileFor(output: string, healthPlanId: string, many: boolean): string {
  if (!many) return output;
  const extension = extname(output);
  const safeId = healthPlanId.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(dirname(output), `${basename(output, extension)}-${safeId}${extension}`);
}

export async function generateQbrs(orgConnection: OrgConnection, options: QbrOptions): Promise<QbrResult> {
  const started = Date.now();
  const format = outputFormat(options.output);
  const meter = new ApiUsageMeter(orgConnection);
  const reader = riskReader(meteredConnection(orgConnection, meter));
  const [inputs, fontCss] = await Promise.all([
    loadQbrInputs(reader, {
      quarter: options.quarter,
      generatedOn: options.generatedOn,
      healthPlanIds: options.healthPlanId ? [options.healthPlanId] : undefined,
    }),
    inlineFontCss(),
  ]);
  if (options.healthPlanId && !inputs.length) throw new UnknownPlanError(options.healthPlanId);
  const many = !options.healthPlanId;
  let printer: PdfPrinter | undefined;
  const files: QbrFile[] = [];
  try {
    if (format === 'pdf') printer = await startPdfPrinter(options.chromiumPath);
    await mkdir(dirname(options.output), { recursive: true });
    let done = 0;
    options.onProgress?.(done, inputs.length);
    const writeOne = async (input: (typeof inputs)[number]): Promise<QbrFile> => {
      const document = buildQbr(input);
      const html = renderQbrHtml(document, { paper: options.paper, fontCss });
      const file = fileFor(options.output, input.plan.healthPlanId, many);
      const content = printer
        ? await printer.print(html, options.paper, escapeHtml(`${document.planName} · ${document.quarter.label}`))
        : Buffer.from(html, 'utf8');
      await writeFile(file, content);
      options.onProgress?.(++done, inputs.length);
      return {
        healthPlanId: input.plan.healthPlanId,
        planName: input.plan.name,
        file,
        empty: document.empty,
        figures: document.figures.length,
        bytes: content.length,
      };
    };
    // A few documents at a time: Chromium lays out one while it rasterizes another.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < inputs.length) {
        const at = next++;
        // eslint-disable-next-line no-await-in-loop
        files[at] = await writeOne(inputs[at]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PRINT_CONCURRENCY, inputs.length) }, worker));
  } finally {
    await printer?.close();
  }
  return {
    quarter: options.quarter,
    format,
    paper: options.paper,
    files,
    queries: reader.queries,
    apiCalls: meter.calls,
    durationMs: Date.now() - started,
  };
}
