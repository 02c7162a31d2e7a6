import { bindModels } from '../../lib';
import type { BenchContext } from './context';
import type { ContenderName } from './contenders';
import type { ContenderRun } from './rounds';

/** The layer's run of a workload, on the context's better-sqlite3 knex instead of sqlite3's. */
function onBetterSqlite3<I>(layer: ContenderRun<I>, knex: BenchContext['knex']): ContenderRun<I> {
  return async (ctx: BenchContext, input: I) => {
    bindModels(knex);
    try {
      return await layer({ ...ctx, knex }, input);
    } finally {
      bindModels(ctx.knex);
    }
  };
}

/**
 * A workload's contenders, with the layer's run also measured on better-sqlite3
 * (`layer-bsqlite`: the same models on the same file) where the context opens it, on SQLite.
 */
export function withLayerOnBetterSqlite3<I>(
  ctx: BenchContext,
  contenders: Partial<Record<ContenderName, ContenderRun<I>>>,
): Partial<Record<ContenderName, ContenderRun<I>>> {
  const { layer } = contenders;
  if (!layer || !ctx.layerOnBetterSqlite3) return contenders;
  return { ...contenders, 'layer-bsqlite': onBetterSqlite3(layer, ctx.layerOnBetterSqlite3) };
}
