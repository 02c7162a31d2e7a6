/**
 * Who runs each workload, in the order of the first round: this project's models (on SQLite
 * also on better-sqlite3, `layer-bsqlite`), vanilla Objection on the same schema, hand-written
 * Knex, the raw driver, and the peers a TypeScript user picks instead (Kysely, Drizzle, MikroORM,
 * Sequelize, TypeORM).
 */
export const CONTENDERS = [
  'layer',
  'layer-bsqlite',
  'objection',
  'knex',
  'driver',
  'kysely',
  'drizzle',
  'mikroorm',
  'sequelize',
  'typeorm',
] as const;

export type ContenderName = (typeof CONTENDERS)[number];

/** The other ORMs and query builders, which the layer is to beat on every workload they run. */
export const PEERS: readonly string[] = ['kysely', 'drizzle', 'mikroorm', 'sequelize', 'typeorm'];

/**
 * The peers whose runs take several times knex's (a unit of work per run, row-by-row writes,
 * instance-by-instance cascades): measured in the first `BenchOptions.slowPeerRounds` rounds.
 */
export const SLOW_PEERS: readonly string[] = ['mikroorm', 'sequelize', 'typeorm'];
