import type { BenchOptions } from '../harness/options';
import type { Workload } from '../harness/workload';
import { cascadeDelete } from './cascade-delete';
import { eagerOneToMany } from './eager-one-to-many';
import { eagerTwoLevels } from './eager-two-levels';
import { graphInsert } from './graph-insert';
import { graphUpsert } from './graph-upsert';
import { httpGetShop, httpListShops } from './http-shops';
import { memoryEager } from './memory';
import { pkLookup } from './pk-lookup';

/**
 * The benchmark's workloads at the sizes, in the order they run. A new workload is one
 * more file exporting a `Workload` and one more line here.
 */
export function benchmarkWorkloads({ mode }: Pick<BenchOptions, 'mode'>): Workload[] {
  const httpLoad = {
    shops: 1000,
    perShop: 10,
    seconds: mode === 'quick' ? 0.5 : 2,
    connections: 10,
  };
  return [
    pkLookup({ rows: 10_000, reads: 2_000 }),
    eagerOneToMany({ shops: 100, perShop: 10 }),
    eagerOneToMany({ shops: 1000, perShop: 20 }),
    eagerTwoLevels({ users: 100, postsPerUser: 10, tagsPerPost: 5 }),
    graphInsert({ shops: 100, perShop: 20 }),
    graphInsert({ shops: 1000, perShop: 10 }),
    graphUpsert({ shops: 100, perShop: 10 }),
    cascadeDelete({ authors: 100, perAuthor: 100 }),
    httpGetShop(httpLoad),
    httpListShops(httpLoad),
    memoryEager({ shops: 1000, perShop: 100, runs: mode === 'quick' ? 1 : 5, isolated: true }),
  ];
}
