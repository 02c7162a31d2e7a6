import type { DialectName, DialectResults, ResultRow } from './results';
import { TARGETS } from './targets';

const TITLES: Record<DialectName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const ratio = (value: number | null | undefined) =>
  value === null || value === undefined ? '' : value.toFixed(2);

function cells(row: ResultRow): string[] {
  const memory =
    row.peak_heap_mb === undefined || row.peak_rss_mb === undefined
      ? ''
      : `heap +${row.peak_heap_mb.toFixed(0)} MB (${ratio(row.peak_heap_ratio_vs_knex)}×), ` +
        `RSS +${row.peak_rss_mb.toFixed(0)} MB (${ratio(row.peak_rss_ratio_vs_knex)}×)`;
  return [
    row.workload,
    row.contender,
    row.median_ms.toFixed(1),
    row.p95_ms.toFixed(1),
    String(row.queries),
    ratio(row.ratio_vs_knex),
    ratio(row.ratio_vs_driver),
    row.requests_per_s === undefined ? '' : row.requests_per_s.toFixed(0),
    memory,
  ];
}

const HEADER = [
  'workload',
  'contender',
  'median ms',
  'p95 ms',
  'queries',
  '× knex',
  '× driver',
  'requests/s',
  'peak memory growth',
];
const RIGHT_ALIGNED = new Set([2, 3, 4, 5, 6, 7, 8]);

/** The results of one dialect as a table for the terminal. */
export function terminalTable(results: DialectResults): string {
  const lines = [HEADER, ...results.rows.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  const render = (line: string[]) =>
    line
      .map((cell, column) =>
        RIGHT_ALIGNED.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  let previous = '';
  const body = results.rows.map((row, index) => {
    const line = render(cells(row));
    const separated = row.workload !== previous && index > 0;
    previous = row.workload;
    return separated ? `\n${line}` : line;
  });
  return [`${TITLES[results.dialect]} ${results.database}`, render(HEADER), ...body].join('\n');
}

/** Each target's verdict on each dialect, for the terminal and RESULTS.md. */
export function targetLines(rows: ResultRow[], dialects: DialectName[]): string[][] {
  return TARGETS.map((target) => [
    target.name,
    target.limit,
    ...dialects.map((dialect) => {
      const outcome = target.check(rows, dialect);
      if (!outcome) return 'not measured';
      return `${outcome.holds ? 'holds' : 'MISSED'}: ${outcome.value}`;
    }),
  ]);
}

function markdownTable(header: string[], lines: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [header, header.map(() => '---'), ...lines]
    .map((line) => `| ${line.map(escape).join(' | ')} |`)
    .join('\n');
}

export interface RunDescription {
  readonly mode: 'full' | 'quick';
  readonly rounds: number;
  readonly warmup: number;
  /** Whether the dialects' processes ran at the same time, sharing the machine. */
  readonly concurrent: boolean;
  readonly generatedAt: string;
  readonly environment: string[];
}

/** bench/RESULTS.md: how the run was made, the targets, and every dialect's table. */
export function resultsMarkdown(run: RunDescription, all: DialectResults[]): string {
  const dialects = all.map((results) => results.dialect);
  const rows = all.flatMap((results) => results.rows);
  const sections = [
    `# Benchmark results (${run.mode} run, ${run.generatedAt})`,
    run.mode === 'quick'
      ? '**A quick run (`npm run bench -- --quick`): fewer rounds, for checking the benchmark, not for quoting.**'
      : `Written by \`npm run bench${run.concurrent ? ' -- --concurrent' : ''}\`. Ratios are medians within this one run; absolute times depend on the machine.`,
    run.concurrent
      ? 'The SQLite and PostgreSQL processes ran at the same time, sharing the machine: each ratio is still measured side by side within its dialect, round by round.'
      : 'The SQLite process ran first, then the PostgreSQL one.',
    `Every workload ran ${run.warmup} warm-up round(s), then ${run.rounds} measured rounds, all contenders interleaved in each round and checked to return the same results. \`queries\` counts the statements sent per run, BEGIN and COMMIT included. For the \`http-*\` workloads, \`× knex\` is requests/s over the hand-written Express + Knex handler's (higher is better), \`median ms\` and \`p95 ms\` are over the rounds' mean latencies, and \`queries\` are per request.`,
    run.environment.map((line) => `- ${line}`).join('\n'),
    '## Targets',
    markdownTable(
      ['target', 'limit', ...dialects.map((d) => TITLES[d])],
      targetLines(rows, dialects),
    ),
    ...all.flatMap((results) => [
      `## ${TITLES[results.dialect]} ${results.database}`,
      markdownTable(HEADER, results.rows.map(cells)),
    ]),
  ];
  return `${sections.join('\n\n')}\n`;
}
