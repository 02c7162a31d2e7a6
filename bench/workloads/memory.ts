import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
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

async function inChildProcess(url: string, loader: ShopsLoader): Promise<MemorySample> {
  const child = path.join(__dirname, 'memory-child.ts');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '-r', 'ts-node/register', child, url, loader],
    { cwd: ROOT, maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout) as MemorySample;
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
}: {
  shops: number;
  perShop: number;
  runs: number;
  isolated: boolean;
}): Workload {
  const name = `memory-eager-${shops}x${perShop}`;
  return {
    name,
    async run(ctx: BenchContext, { onProgress }): Promise<Measurement[]> {
      await loadShops(ctx, shops, perShop);
      const samples = new Map<ShopsLoader, MemorySample[]>(LOADERS.map((loader) => [loader, []]));
      for (let round = 0; round < runs; round++) {
        for (const loader of LOADERS) {
          onProgress?.(`${name} run ${round + 1}/${runs} ${loader}`);
          const sample = isolated
            ? await inChildProcess(ctx.url, loader)
            : await measureLoad(ctx.knex, loader);
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
