import { SLOW_PEERS } from './contenders';
import { MAX_RUNS_PER_SAMPLE, MAX_TURN_WALL_MS, MAX_WARMUP_RUNS, warmupWallCapMs } from './rounds';
import type { DialectName, DialectResults, ResultRow } from './results';
import { formatEstimate, TARGETS } from './targets';

const TITLES: Record<DialectName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const percent = (value: number) => `${Math.round(value * 100)} %`;

function workloadCell(row: ResultRow): string {
  return row.reduced_from ? `${row.workload} (quick; full: ${row.reduced_from})` : row.workload;
}

function memoryCell(row: ResultRow): string {
  if (!row.memory || !row.memory_vs_knex) return '';
  const times = (ratio: number | null) => (ratio === null ? '' : ` (${ratio.toFixed(2)}×)`);
  return (
    `heap +${row.memory.peak_heap_mb.toFixed(0)} MB${times(row.memory_vs_knex.peak_heap)}, ` +
    `RSS +${row.memory.peak_rss_mb.toFixed(0)} MB${times(row.memory_vs_knex.peak_rss)}`
  );
}

function cells(row: ResultRow): string[] {
  return [
    workloadCell(row),
    row.contender,
    row.runs_per_sample && row.runs_per_sample > 1
      ? `${row.rounds} × ${row.runs_per_sample}`
      : String(row.rounds),
    row.cpu_ms.toFixed(1),
    row.wall_ms.toFixed(1),
    String(row.queries),
    row.vs_knex ? formatEstimate(row.vs_knex.cpu) : '',
    row.vs_knex ? formatEstimate(row.vs_knex.wall) : '',
    row.vs_driver ? row.vs_driver.cpu.median.toFixed(2) : '',
    `${percent(row.cpu_spread)} / ${percent(row.wall_spread)}`,
    row.requests_per_s === undefined ? '' : row.requests_per_s.toFixed(0),
    row.cpu_ms_per_request === undefined ? '' : row.cpu_ms_per_request.toFixed(2),
    memoryCell(row),
  ];
}

const HEADER = [
  'workload',
  'contender',
  'rounds',
  'CPU ms',
  'wall ms',
  'queries',
  'CPU × knex [95 %]',
  'wall × knex [95 %]',
  'CPU × driver',
  'spread CPU / wall',
  'requests/s',
  'CPU ms/request',
  'peak memory growth',
];
const RIGHT_ALIGNED = new Set([2, 3, 4, 5, 8, 10, 11]);

/** Knex's own spread per workload: how noisy this run was where the ratios are anchored. */
export function noiseLine(results: DialectResults): string {
  const knex = results.rows.filter((row) => row.contender === 'knex');
  return `knex's spread (interquartile range over median, CPU / wall): ${knex
    .map((row) => `${row.workload} ${percent(row.cpu_spread)} / ${percent(row.wall_spread)}`)
    .join(', ')}`;
}

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
  return [
    `${TITLES[results.dialect]} ${results.database}`,
    render(HEADER),
    ...body,
    '',
    noiseLine(results),
  ].join('\n');
}

/** Each target's verdict on each dialect, for the terminal and RESULTS.md. */
export function targetLines(rows: ResultRow[], dialects: DialectName[]): string[][] {
  return TARGETS.map((target) => [
    target.name,
    target.limit,
    ...dialects.map((dialect) => {
      const outcome = target.check(rows, dialect);
      if (!outcome) return 'not measured';
      return `${outcome.verdict === 'missed' ? 'MISSED' : outcome.verdict}: ${outcome.value}`;
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
  readonly warmupCpuMs: number;
  /** Whether the dialects' processes ran at the same time, sharing the machine. */
  readonly concurrent: boolean;
  /** The CPU the SQLite process was pinned to (see `sqliteCpu`), or null. */
  readonly sqlitePinnedCpu: number | null;
  readonly generatedAt: string;
  readonly seconds: number;
  readonly slowPeerRounds: number;
  readonly minSampleCpuMs: number;
  /** See `BenchOptions.agreement`. */
  readonly agreement?: { readonly within: number; readonly budgetMs: number };
  readonly environment: string[];
}

const METHOD =
  'Every contender takes one turn per round, in an order that changes from round to round (a balanced Latin square), with a turn of knex before the first and after each (knex, A, knex, B, …), and every run is checked to return the same results. ' +
  `The slow peers (${SLOW_PEERS.join(', ')}) run only the first rounds (their \`rounds\` column), and their ratios pair with those rounds. ` +
  'Each run records its wall time and the CPU time of the process (user and system, every thread but V8’s background compiler; on SQLite that includes SQLite, which runs in the process; on PostgreSQL the server works outside it). ' +
  "`× knex` is the contender's time over the mean of knex's two turns beside it in the same round (runs milliseconds apart: this machine's speed changes in episodes of a few hundred milliseconds, which pairing with a knex turn seconds away does not divide out), summarised as the median over the rounds with a 95 % percentile-bootstrap interval (2,000 resamples, fixed seed); `× driver` and the layer against a peer compare the two contenders' times over their own knex turns. " +
  'Targets are judged on the CPU ratios: a target holds when the whole interval is within the limit, is missed when the median is not, and is unsettled in between. ' +
  '`spread` is the interquartile range over the median of the contender’s own times: knex’s is the noise the ratios stand on. ' +
  "`queries` counts the statements sent per run, BEGIN and COMMIT included. For the `http-*` workloads both servers answer the same number of requests per round from a load generator in another process: the times are per load, the ratios per request, and `CPU ms/request` is the server's.";

function warmupSentence({ warmup, warmupCpuMs }: RunDescription): string {
  return (
    `Each contender first warmed up on the full input, at least ${warmup} time(s) and until its runs had cost ${warmupCpuMs} ms of CPU (at most ${MAX_WARMUP_RUNS} runs or ${warmupWallCapMs(warmupCpuMs) / 1000} s with the resets); ` +
    `the slow peers for ${warmup} run(s) of the small input, where a workload has one. The HTTP workloads warm up for ${warmup} round(s).`
  );
}

function sampleSentence(minSampleCpuMs: number): string {
  if (minSampleCpuMs <= 0) return 'Every sample is one run.';
  return `A contender whose run costs less than ${minSampleCpuMs} ms of CPU runs up to ${MAX_RUNS_PER_SAMPLE} times in a row in its turn, until its runs have cost that much or the turn has taken ${MAX_TURN_WALL_MS} ms with its resets (\`rounds\` then reads \`20 × 4\`: 20 rounds of 4 runs each), and its sample is their mean per run; every time in the table is per run.`;
}

function agreementSentence(agreement: RunDescription['agreement']): string {
  if (!agreement) return '';
  return ` After them, the layer went on alone, with knex’s turns beside it, until its CPU ratio’s median had a bootstrap standard error at which two runs agree within ±${agreement.within} 19 times in 20, or for ${agreement.budgetMs / 1000} s at most (\`--agree-within\`; its \`rounds\` column says how many it took, and its ratios to the other contenders pair with their rounds).`;
}

/** What the CPU times count: see `cpuClock`. */
function clockSentence(all: readonly DialectResults[]): string {
  const untold = all.filter((results) => !results.compiler_told_apart);
  const apart =
    'CPU times leave out the time of V8’s background compiler (its platform worker threads): in a process that runs ten contenders in turn it keeps compiling again the code they share, and its work lands in whichever turn happens to run (`compiler_cpu_ms` in results.json has it); every process runs with `--single-threaded-gc`, so the garbage collector’s work stays on the JavaScript thread and is counted.';
  if (untold.length === 0) return apart;
  return `${apart} On ${untold.map((results) => TITLES[results.dialect]).join(' and ')} the compiler’s threads could not be told apart (the libuv pool had started before the census): those CPU times are every thread’s.`;
}

function pinSentence(cpu: number | null): string {
  if (cpu === null) return 'No process was pinned to a CPU.';
  return `The SQLite process ran on CPU ${cpu} alone (\`taskset\`), its HTTP load generator on the others: sqlite3 hands every statement to a worker thread, and a hand-off across CPUs cost as much CPU time as the statement and changed with the other CPU's load (see \`bench/harness/cpu-affinity.ts\`). The PostgreSQL process was not pinned.`;
}

/** bench/RESULTS.md: how the run was made, the targets, and every dialect's table. */
export function resultsMarkdown(run: RunDescription, all: DialectResults[]): string {
  const dialects = all.map((results) => results.dialect);
  const rows = all.flatMap((results) => results.rows);
  const sections = [
    `# Benchmark results (${run.mode} run, ${run.generatedAt})`,
    run.mode === 'quick'
      ? '**A quick run (`npm run bench -- --quick`): fewer rounds and, where marked, smaller inputs; for checking the benchmark, not for quoting.**'
      : `Written by \`npm run bench${run.concurrent ? ' -- --concurrent' : ''}\`; absolute times depend on the machine.`,
    run.concurrent
      ? 'The SQLite and PostgreSQL processes ran at the same time, sharing the machine; each ratio is paired within its dialect, round by round.'
      : 'The SQLite process ran first, then the PostgreSQL one.',
    pinSentence(run.sqlitePinnedCpu),
    clockSentence(all),
    `${warmupSentence(run)} Then ${run.rounds} measured rounds per workload (the slow peers ${run.slowPeerRounds}).${agreementSentence(run.agreement)} The run took ${run.seconds} s. ${METHOD} ${sampleSentence(run.minSampleCpuMs)}`,
    run.environment.map((line) => `- ${line}`).join('\n'),
    '## Targets',
    markdownTable(
      ['target', 'limit', ...dialects.map((d) => TITLES[d])],
      targetLines(rows, dialects),
    ),
    ...all.flatMap((results) => [
      `## ${TITLES[results.dialect]} ${results.database}`,
      markdownTable(HEADER, results.rows.map(cells)),
      noiseLine(results),
    ]),
  ];
  return `${sections.join('\n\n')}\n`;
}
