import type { BenchOptions } from '../harness/options';
import type { Workload } from '../harness/workload';
import { cascadeDelete } from './cascade-delete';
import { cascadeDeleteNoAudit } from './cascade-delete-no-audit';
import { eagerOneToMany } from './eager-one-to-many';
import { eagerTwoLevels } from './eager-two-levels';
import { graphInsert } from './graph-insert';
import { graphUpsert } from './graph-upsert';
import { httpGetShop, httpListShops } from './http-shops';
import { memoryEager } from './memory';
import { pkLookup } from './pk-lookup';

/**
 * The benchmark's workloads at the sizes, in the order they run. A quick run gives the
 * workloads whose slowest contenders take seconds per run (TypeORM's row-by-row inserts,
 * Sequelize's row-by-row cascade) a smaller input, the same for every contender of the workload,
 * named by its size and marked with the full size it stands in for. A new workload is one more
 * file exporting a `Workload` and one more line here.
 */
export function benchmarkWorkloads({ mode }: Pick<BenchOptions, 'mode'>): Workload[] {
  const isQuick = mode === 'quick';
  const httpLoad = { shops: 1000, perShop: 10, seconds: isQuick ? 0.3 : 2, connections: 10 };
  return [
    pkLookup({ rows: 10_000, reads: 2_000 }),
    eagerOneToMany({ shops: 100, perShop: 10 }),
    eagerOneToMany({ shops: 1000, perShop: 20 }),
    eagerTwoLevels({ users: 100, postsPerUser: 10, tagsPerPost: 5 }),
    isQuick
      ? graphInsert({ shops: 20, perShop: 20, reducedFrom: 'graph-insert-100x20' })
      : graphInsert({ shops: 100, perShop: 20 }),
    isQuick
      ? graphInsert({ shops: 100, perShop: 10, reducedFrom: 'graph-insert-1000x10' })
      : graphInsert({ shops: 1000, perShop: 10 }),
    graphUpsert({ shops: 100, perShop: 10 }),
    cascadeDelete({ authors: 100, perAuthor: 100 }),
    isQuick
      ? cascadeDeleteNoAudit({
          authors: 10,
          perAuthor: 100,
          reducedFrom: 'cascade-delete-no-audit-100x100',
        })
      : cascadeDeleteNoAudit({ authors: 100, perAuthor: 100 }),
    httpGetShop(httpLoad),
    httpListShops(httpLoad),
    memoryEager({ shops: 1000, perShop: 100, runs: isQuick ? 1 : 5, isolated: true }),
  ];
}
