import { isDeepStrictEqual } from 'node:util';
import { graphPatchActionPrototype, type UpsertGraphNode } from '../modules';

function isObjectLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/**
 * Whether a graph upsert leaves a property alone: the value it is given equals the row's.
 * Loosely for plain values, as Objection compares them, so that a number equals the text a
 * driver reads it back as (`2.5` and `'2.5'`); deeply for JSON objects and arrays, which loose
 * equality would match with plain values: `[] == false` and `[0] == 0`, so Objection 3.1.5 left
 * a JSON column holding `false` unchanged when given `[]` (objection#1874).
 *
 * @example
 * isUnchangedValue(2.5, '2.5'); // true
 * isUnchangedValue(false, []); // false: [] is written
 */
export function isUnchangedValue(current: unknown, given: unknown): boolean {
  if (isObjectLike(current) || isObjectLike(given)) return isDeepStrictEqual(current, given);
  return current == given;
}

let isInstalled = false;

/**
 * Makes Objection's own upsert (the path the layer's set-based upsert leaves to it) write a JSON
 * object or array given for a plain value that loosely equals it, as `isUnchangedValue` decides;
 * what Objection found changed stays changed. Installed once, process-wide: the decision is made
 * inside Objection's upsert, not by a builder of the layer's.
 *
 * @example
 * writeChangedJsonValues();
 * await Doc.query().upsertGraph({ id: 1, data: [] }, { noInsert: true }); // data was false
 */
export function writeChangedJsonValues(): void {
  if (isInstalled) return;
  isInstalled = true;
  const findChanges = graphPatchActionPrototype._findChanges;
  graphPatchActionPrototype._findChanges = function (node: UpsertGraphNode) {
    const { changedProps, unchangedProps } = findChanges.call(this, node);
    const current = (this.currentGraph.nodeForNode(node)?.obj ?? {}) as unknown as Record<
      string,
      unknown
    >;
    const given = node.obj as unknown as Record<string, unknown>;
    const isUnchanged = (prop: string) => isUnchangedValue(current[prop], given[prop]);
    return {
      changedProps: [...changedProps, ...unchangedProps.filter((prop) => !isUnchanged(prop))],
      unchangedProps: unchangedProps.filter(isUnchanged),
    };
  };
}
