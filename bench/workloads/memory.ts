import { fork } from 'node:child_process';
import path from 'node:path';
import type { BenchContext } from '../harness/context';
import { ResultMismatchError } from '../harness/rounds';
import { median } from '../harness/stats';
import type { Measurement, Workload } from '../harness/workload';
import { loadShops } from './fixtures';
import { type MemorySample, measureLoad } from './memory-child';
import type { ShopsLoader } from './shops-with-products';

const LOADERS: ShopsLoader[] = ['layer', 'objection', 'knex'];
const MB = 1024 * 1024;
const ROOT = path.resolve(__dirname, '..', '..');

/** A fresh process for one load: started and connected, it measures when told to. */
interface MemoryChild {
  measure(): Promise<MemorySample>;
}

function startChild(url: string, loader: ShopsLoader): Promise<MemoryChild> {
  const child = fork(path.join(__dirname, 'memory-child.ts'), [url, loader], {
    // As the benchmark's own processes: the collector's work stays where the CPU clock counts it.
    execArgv: ['--expose-gc', '--single-threaded-gc', '-r', 'ts-node/register'],
    cwd: ROOT,
  });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) =>
        reject(new Error(`the ${loader} memory child exited (${code})`)),
      );
    });
  return next().then(() => ({
    async measure() {
      const sample = next();
      child.send('measure');
      return (await sample) as MemorySample;
    },
  }));
}

/**
 * The round's processes, started at the same time (each takes seconds to load TypeScript), then
 * measured one after the other, so that no load shares the machine with another.
 */
async function inChildProcesses(url: string, loaders: ShopsLoader[]): Promise<MemorySample[]> {
  const children = await Promise.all(loaders.map((loader) => startChild(url, loader)));
  const samples: MemorySample[] = [];
  for (const child of children) samples.push(await child.measure());
  return samples;
}

/**
 * Peak memory while eager-loading every shop with its products (`shops` × `perShop` products),
 * for the layer, vanilla Objection and Knex. Each load runs in a fresh process so that its
 * memory is its own (`isolated`), interleaved, `runs` times; in-process runs check results and
 * statement counts only.
 */
export function memoryEager({
  shops,
  perShop,
  runs,
  isolated,
  reducedFrom,
}: {
  shops: number;
  perShop: number;
  runs: number;
  isolated: boolean;
  reducedFrom?: string;
}): Workload {
  const name = `memory-eager-${shops}x${perShop}`;
  return {
    name,
    reducedFrom,
    async run(ctx: BenchContext, { onProgress }): Promise<Measurement[]> {
      await loadShops(ctx, shops, perShop);
      const samples = new Map<ShopsLoader, MemorySample[]>(LOADERS.map((loader) => [loader, []]));
      for (let round = 0; round < runs; round++) {
        onProgress?.(`${name} run ${round + 1}/${runs}`);
        const isolatedSamples = isolated ? await inChildProcesses(ctx.url, LOADERS) : [];
        for (const [index, loader] of LOADERS.entries()) {
          const sample = isolated ? isolatedSamples[index]! : await measureLoad(ctx.knex, loader);
          const reference = samples.get('layer')![round];
          if (reference && reference.digest !== sample.digest) {
            throw new ResultMismatchError(
              `${name} [${ctx.dialect.name}]: ${loader} does not load what layer loads`,
            );
          }
          samples.get(loader)!.push(sample);
        }
      }
      return LOADERS.map((loader) => {
        const taken = samples.get(loader)!;
        return {
          contender: loader,
          samples: taken.map((s) => ({ wall_ms: s.ms, cpu_ms: s.cpuMs, statements: s.statements })),
          memory: {
            peak_rss_mb: median(taken.map((s) => s.peakRssGrowth)) / MB,
            peak_heap_mb: median(taken.map((s) => s.peakHeapGrowth)) / MB,
            retained_heap_mb: median(taken.map((s) => s.retainedHeap)) / MB,
          },
        };
      });
    },
  };
}
