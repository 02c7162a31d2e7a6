// First: its census of the process's threads has to be taken before the libuv pool starts.
import { cpuClock } from '../harness/cpu-clock';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import v8 from 'node:v8';
import knexFactory from 'knex';
import { demoKnexConfig } from '../../demo';
import { bindModels } from '../../lib';
import { normalize } from '../harness/normalize';
import { installStatementCounter, statementsSent } from '../harness/statement-counter';
import { bindPlainModels } from '../orms/objection-models';
import { SHOP } from './shapes';
import { type ShopsLoader, shopsWithProducts } from './shops-with-products';

/** What one measured load reports. */
export interface MemorySample {
  ms: number;
  /** The process's CPU time during the load. */
  cpuMs: number;
  statements: number;
  /** Peak resident set during the load, above the resident set before it. */
  peakRssGrowth: number;
  /** Peak V8 heap in use during the load (before each collection, and at its end), above before. */
  peakHeapGrowth: number;
  /** Heap still used after a full collection while the result is held. */
  retainedHeap: number;
  /** A hash of the normalised result, to compare contenders without shipping 100,000 rows. */
  digest: string;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Restarts the kernel's peak resident-set count (Linux), so that the peak read after the load is
 * the load's own and not, say, the compiler's at start-up. Elsewhere the process's peak is used.
 */
function restartPeakCount(): void {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux: the lifetime peak has to do.
  }
}

function peakResidentSet(): number {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
  } catch {
    return process.resourceUsage().maxRSS * 1024;
  }
}

/**
 * Loads every shop with its products once, as `loader` does, on an open knex, and measures it.
 * In a fresh process (see `main`), the memory numbers are this load's alone.
 */
export async function measureLoad(
  knex: knexFactory.Knex,
  loader: ShopsLoader,
): Promise<MemorySample> {
  bindModels(knex);
  bindPlainModels(knex);
  await knex('shops').first();
  collectGarbage();
  restartPeakCount();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const collections = new v8.GCProfiler();
  collections.start();
  const before = statementsSent();
  const clock = await cpuClock();
  const cpuBefore = clock.read();
  const start = performance.now();
  const result = await (loader === 'knex'
    ? shopsWithProducts.knex(knex)
    : shopsWithProducts[loader]());
  const ms = performance.now() - start;
  const cpuMs = clock.read().ms - cpuBefore.ms;
  const statements = statementsSent() - before;
  const heapAtEnd = process.memoryUsage().heapUsed;
  const peakRssGrowth = peakResidentSet() - rssBefore;
  const { statistics } = collections.stop();
  const usedBeforeCollections = statistics.map((gc) => gc.beforeGC.heapStatistics.usedHeapSize);
  const peakHeapGrowth = Math.max(heapAtEnd, ...usedBeforeCollections) - heapBefore;
  collectGarbage();
  const retainedHeap = process.memoryUsage().heapUsed - heapBefore;
  const digest = createHash('sha1')
    .update(JSON.stringify(normalize(result, SHOP, 'id')))
    .digest('hex');
  return { ms, cpuMs, statements, peakRssGrowth, peakHeapGrowth, retainedHeap, digest };
}

/** A child of `memoryEager`: says it is ready, measures one load when told, and exits. */
async function main(): Promise<void> {
  const [url, loader] = process.argv.slice(2) as [string, ShopsLoader];
  installStatementCounter();
  const knex = knexFactory(demoKnexConfig(url));
  try {
    const told = new Promise((resolve) => process.once('message', resolve));
    process.send!('ready');
    await told;
    const sample = await measureLoad(knex, loader);
    await new Promise((resolve) => process.send!(sample, resolve));
  } finally {
    await knex.destroy();
    process.disconnect();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
