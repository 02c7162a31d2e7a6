import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import sqlite3 from 'sqlite3';

let statements = 0;
let isInstalled = false;

/** A tally of the statements sent from one piece of async work. */
export interface StatementTally {
  statements: number;
}

const tallies = new AsyncLocalStorage<StatementTally>();

type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;

function countCalls(prototype: object, method: string): void {
  const original = Reflect.get(prototype, method) as AnyMethod;
  Reflect.set(prototype, method, function (this: unknown, ...args: unknown[]) {
    statements++;
    const tally = tallies.getStore();
    if (tally) tally.statements++;
    return original.apply(this, args);
  });
}

/**
 * The project's copy of a driver and the copies the peers that bring their own load (MikroORM
 * depends on exact versions of pg and sqlite3): each must be counted.
 */
function copiesOf<T>(project: T, moduleName: string, peerPackages: string[]): T[] {
  const copies = new Set<T>([project]);
  for (const peer of peerPackages)
    copies.add(createRequire(require.resolve(peer))(moduleName) as T);
  return [...copies];
}

/** better-sqlite3's Statement class is native and not exported: its prototype, from an instance. */
function betterSqlite3StatementPrototype(copy: typeof BetterSqlite3): object {
  const db = new copy(':memory:');
  try {
    return Object.getPrototypeOf(db.prepare('select 1')) as object;
  } finally {
    db.close();
  }
}

/**
 * Counts every statement sent to either database, whoever sends it (the layer, Knex, Objection,
 * Kysely, Drizzle, MikroORM, Sequelize, TypeORM or the benchmark's raw driver calls all end in
 * these driver methods), BEGIN and COMMIT included. sqlite3's `Database#run/get/all` are built on
 * `Statement`, so only `Statement` and `Database#exec` are counted; likewise better-sqlite3's
 * transactions run prepared BEGIN and COMMIT statements.
 */
export function installStatementCounter(): void {
  if (isInstalled) return;
  isInstalled = true;
  for (const copy of copiesOf(pg, 'pg', ['@mikro-orm/postgresql'])) {
    countCalls(copy.Client.prototype, 'query');
  }
  for (const copy of copiesOf(sqlite3, 'sqlite3', ['@mikro-orm/sqlite'])) {
    for (const method of ['run', 'get', 'all', 'each'])
      countCalls(copy.Statement.prototype, method);
    countCalls(copy.Database.prototype, 'exec');
  }
  // The benchmark's copy (Kysely, Drizzle) and the project's, which knex loads (layer-bsqlite).
  for (const copy of copiesOf(BetterSqlite3, 'better-sqlite3', ['knex'])) {
    const statement = betterSqlite3StatementPrototype(copy);
    for (const method of ['run', 'get', 'all', 'iterate']) countCalls(statement, method);
    countCalls(copy.prototype, 'exec');
  }
}

/** Statements sent since the process started; take differences around a piece of work. */
export function statementsSent(): number {
  return statements;
}

/**
 * Runs `work`, counting in `tally` the statements it and the async work it starts send: one
 * request's among concurrent ones.
 */
export function tallyStatements(tally: StatementTally, work: () => void): void {
  tallies.run(tally, work);
}
