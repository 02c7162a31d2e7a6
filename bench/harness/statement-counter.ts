import { AsyncLocalStorage } from 'node:async_hooks';
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
 * Counts every statement sent to either database, whoever sends it (Knex, Objection, Sequelize,
 * TypeORM or the benchmark's raw driver calls all end in these driver methods), BEGIN and
 * COMMIT included. sqlite3's `Database#run/get/all` are built on `Statement`, so only
 * `Statement` and `Database#exec` are counted.
 */
export function installStatementCounter(): void {
  if (isInstalled) return;
  isInstalled = true;
  countCalls(pg.Client.prototype, 'query');
  for (const method of ['run', 'get', 'all', 'each'])
    countCalls(sqlite3.Statement.prototype, method);
  countCalls(sqlite3.Database.prototype, 'exec');
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
