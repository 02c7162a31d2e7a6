import type { Model, QueryBuilder } from 'objection';

type KeyListMethod = (this: QueryBuilder<Model>, ...args: unknown[]) => QueryBuilder<Model>;

// Each composite method, and the one-column knex method that renders an empty list as knex does.
const METHODS = [
  ['whereInComposite', 'whereIn'],
  ['whereNotInComposite', 'whereNotIn'],
] as const;

function isEmptyCompositeList(columns: unknown, values: unknown): columns is unknown[] {
  return (
    Array.isArray(columns) && columns.length > 1 && Array.isArray(values) && values.length === 0
  );
}

/**
 * Objection 3.1.5 renders a list of several-column keys that is empty, as `findByIds([])` on a
 * model with a composite id gives it, as an empty group on SQLite, which matches every row (a
 * `patch()` or `delete()` then writes the whole table), and as invalid SQL on PostgreSQL
 * (objection#1914). On the builders of `prototype`, `whereInComposite(columns, [])` matches no
 * row and `whereNotInComposite(columns, [])` every row, as knex renders an empty one-column
 * list (`1 = 0`, `1 = 1`); every other call goes to Objection unchanged.
 *
 * @example
 * useEmptyKeyListsAsNothing(LayerQueryBuilder.prototype);
 * await Seat.query().findByIds([]).delete(); // 0: where 1 = 0
 */
export function useEmptyKeyListsAsNothing(prototype: QueryBuilder<Model>): void {
  for (const [method, oneColumnMethod] of METHODS) {
    const original = prototype[method] as unknown as KeyListMethod;
    Object.defineProperty(prototype, method, {
      configurable: true,
      writable: true,
      value(this: QueryBuilder<Model>, columns: unknown, values: unknown, ...rest: unknown[]) {
        if (isEmptyCompositeList(columns, values)) {
          const oneColumn = this[oneColumnMethod] as unknown as KeyListMethod;
          return oneColumn.call(this, columns[0], []);
        }
        return original.call(this, columns, values, ...rest);
      },
    });
  }
}
