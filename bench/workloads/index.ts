import type { BenchOptions } from '../harness/options';
import type { Workload } from '../harness/workload';
import { cascadeDelete } from './cascade-delete';
import { cascadeDeleteNoAudit } from './cascade-delete-no-audit';
import { polymorphicEager } from './polymorphic-eager';
import { eagerOneToMany } from './eager-one-to-many';
import { throughEager } from './through-eager';
import { eagerTwoLevels } from './eager-two-levels';
import { graphInsert } from './graph-insert';
import { graphUpsert } from './graph-upsert';
import { httpGetShop, httpListShops } from './http-shops';
import { memoryEager } from './memory';
import { pkLookup } from './pk-lookup';
import { replicaReads } from './replica-reads';
import { treeDescendants } from './tree-descendants';

type Sized<S extends { reducedFrom?: string }> = (size: S) => Workload;

/**
 * The benchmark's workloads in the order they run: at the sizes, or in a quick run at
 * smaller ones, the same for every contender of a workload, which is then named by its size and
 * marked with the full-size workload it stands in for (TypeORM's row-by-row inserts, Sequelize's
 * row-by-row cascade and MikroORM's unit of work take seconds per run at full size). A new
 * workload is one more file exporting a `Workload` and one more line here.
 */
export function benchmarkWorkloads({ mode }: Pick<BenchOptions, 'mode'>): Workload[] {
  const isQuick = mode === 'quick';
  const sized = <S extends { reducedFrom?: string }>(
    make: Sized<S>,
    full: S,
    quick: S,
  ): Workload => (isQuick ? make({ ...quick, reducedFrom: make(full).name }) : make(full));
  const httpLoad = {
    shops: 1000,
    perShop: 10,
    seconds: isQuick ? 0.2 : 2,
    connections: isQuick ? 5 : 10,
  };
  return [
    sized(pkLookup, { rows: 10_000, reads: 2_000 }, { rows: 10_000, reads: 150 }),
    eagerOneToMany({ shops: 100, perShop: 10 }),
    sized(eagerOneToMany, { shops: 1000, perShop: 20 }, { shops: 100, perShop: 20 }),
    sized(
      eagerTwoLevels,
      { users: 100, postsPerUser: 10, tagsPerPost: 5 },
      { users: 20, postsPerUser: 10, tagsPerPost: 5 },
    ),
    sized(
      throughEager,
      { customers: 1000, ordersPerCustomer: 5, itemsPerOrder: 4 },
      { customers: 100, ordersPerCustomer: 5, itemsPerOrder: 4 },
    ),
    sized(treeDescendants, { roots: 10, fanOut: 4 }, { roots: 2, fanOut: 3 }),
    sized(polymorphicEager, { comments: 1000, owners: 100 }, { comments: 200, owners: 20 }),
    sized(graphInsert, { shops: 100, perShop: 20 }, { shops: 10, perShop: 20 }),
    sized(graphInsert, { shops: 1000, perShop: 10 }, { shops: 40, perShop: 10 }),
    sized(graphUpsert, { shops: 100, perShop: 10 }, { shops: 20, perShop: 10 }),
    sized(cascadeDelete, { authors: 100, perAuthor: 100 }, { authors: 20, perAuthor: 100 }),
    sized(cascadeDeleteNoAudit, { authors: 100, perAuthor: 100 }, { authors: 5, perAuthor: 100 }),
    httpGetShop(httpLoad),
    httpListShops(httpLoad),
    replicaReads({
      shops: 1000,
      perShop: 10,
      requests: isQuick ? 40 : 300,
      connections: 10,
      maxRounds: isQuick ? 3 : 10,
    }),
    sized(
      memoryEager,
      { shops: 1000, perShop: 100, runs: 5, isolated: true },
      { shops: 500, perShop: 20, runs: 1, isolated: true },
    ),
  ];
}
