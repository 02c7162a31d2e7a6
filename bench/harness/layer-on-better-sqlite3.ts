import { bindModels } from '../../lib';
import type { BenchContext } from './context';
import { type ContenderRun, type RoundsDefinition, roundsWorkload } from './rounds';
import type { Workload } from './workload';

/** The layer's run of a workload, on the context's better-sqlite3 knex instead of sqlite3's. */
function onBetterSqlite3<I>(layer: ContenderRun<I>): ContenderRun<I> {
  return async (ctx: BenchContext, input: I) => {
    const knex = ctx.layerOnBetterSqlite3!;
    bindModels(knex);
    try {
      return await layer({ ...ctx, knex }, input);
    } finally {
      bindModels(ctx.knex);
    }
  };
}

/**
 * `roundsWorkload(definition)`, with the layer's run also measured on better-sqlite3
 * (`layer-bsqlite`, the same models on the same file) where the context opens it: on SQLite.
 * On PostgreSQL the workload is `roundsWorkload(definition)` itself.
 */
export function roundsWorkloadOnBothSqliteDrivers<I>(definition: RoundsDefinition<I>): Workload {
  const plain = roundsWorkload(definition);
  const { layer } = definition.contenders;
  if (!layer) return plain;
  const withBetterSqlite3 = roundsWorkload({
    ...definition,
    contenders: { ...definition.contenders, 'layer-bsqlite': onBetterSqlite3(layer) },
  });
  return {
    ...plain,
    run: (ctx, options) => (ctx.layerOnBetterSqlite3 ? withBetterSqlite3 : plain).run(ctx, options),
  };
}
