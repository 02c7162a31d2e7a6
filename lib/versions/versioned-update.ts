import type { AnyQueryBuilder } from 'objection';
import { StaleVersionError } from '../errors';
import { propsOf } from '../objection/model-props';
import { narrowTo, pendingUpdateOf, rowsToUpdateQuery } from '../objection/update-internals';
import { versionOf, versionValueOf } from './version-column';

// The queries whose version handling is in place: a query run again (a retry) keeps it as is.
const handled = new WeakSet<AnyQueryBuilder>();

/** What an update answers when it changed no row: 0, no row fetched, no row returned. */
function updatedNothing(result: unknown): boolean {
  return result === 0 || result === undefined || (Array.isArray(result) && result.length === 0);
}

/**
 * Makes an update of a versioned model (`static versionColumn`) keep the version: every
 * `patch()`/`update()` through the layer — on an instance, by id or by `where`, `…AndFetch…`
 * included — sets the version one higher. When the update names the version it starts from
 * (the one a patch body gives, else the one an instance was read at), the statement is
 * `UPDATE … SET version = n + 1 … WHERE … AND version = n`: the database checks it, as it writes,
 * so no write between a read and this update can be lost. If that statement changes no row while
 * the rows it names exist, another write came first: a `StaleVersionError`, and nothing was
 * written. Without a version to start from, the statement sets `version = version + 1`.
 * Runs once per query, before it executes; other queries are left as they are.
 *
 * @example
 * const product = await Product.query().findById(1); // version 4
 * await product.$query().patch({ price: 3 }); // … set price = 3, version = 5 where id = 1 and version = 4
 */
export function keepVersionOfUpdate(builder: AnyQueryBuilder): void {
  if (handled.has(builder)) return;
  const modelClass = builder.modelClass();
  const version = versionOf(modelClass);
  if (!version) return;
  const update = pendingUpdateOf(builder);
  if (!update) return;
  handled.add(builder);
  const { model, instance, id } = update;
  const given = versionValueOf(model, version.prop);
  const expected = given ?? (instance ? versionValueOf(instance, version.prop) : undefined);
  if (expected === undefined) {
    const knex = builder.knex();
    // After Objection's own SET: knex merges the column into it.
    builder.onBuildKnex((query) =>
      query.update(version.column, knex.raw('?? + 1', [version.column])),
    );
    return;
  }
  const existing = rowsToUpdateQuery(builder);
  propsOf(model)[version.prop] = Number(expected) + 1;
  narrowTo(builder, `${builder.tableRefFor(modelClass)}.${version.column}`, expected);
  builder.runAfter(async (result: unknown) => {
    if (!updatedNothing(result)) return result;
    // Nothing changed: no such row (the caller's usual answer), or a newer version.
    if ((await existing.resultSize()) === 0) return result;
    // The models keep the version they started from (an instance has taken the patch's).
    propsOf(model)[version.prop] = given;
    if (given === undefined) delete propsOf(model)[version.prop];
    if (instance) propsOf(instance)[version.prop] = expected;
    throw new StaleVersionError(modelClass.name, id, expected);
  });
}
