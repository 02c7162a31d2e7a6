import type { RequestHandler } from 'express';
import { ValidationFailedError } from '../lib';

function childPath(path: string, key: string, isIndex: boolean): string {
  if (isIndex) return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/**
 * The path of the first array or object in `body` that nests deeper than `maxDepth` levels (the
 * body itself is level 1), or `undefined`. The walk keeps its own stack: a body nested 50,000
 * levels deep is measured, not recursed into.
 */
export function tooDeepPath(body: unknown, maxDepth: number): string | undefined {
  const pending: Array<[value: unknown, depth: number, path: string]> = [[body, 1, '']];
  while (pending.length > 0) {
    const [value, depth, path] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxDepth) return path;
    const isArray = Array.isArray(value);
    for (const [key, child] of Object.entries(value)) {
      pending.push([child, depth + 1, childPath(path, key, isArray)]);
    }
  }
  return undefined;
}

/**
 * Refuses a JSON body that nests deeper than `maxDepth` levels with 400 `VALIDATION_FAILED`,
 * naming where, before any other code walks it: the models' graph building recurses into every
 * value, and a deep enough one (a 5,000-deep array in a string field) overflows the stack.
 */
export function refuseDeepBodies(maxDepth: number): RequestHandler {
  return (req, _res, next) => {
    const path = tooDeepPath(req.body, maxDepth);
    if (path !== undefined) {
      throw new ValidationFailedError(
        [{ path, message: `nests deeper than ${maxDepth} levels of arrays and objects` }],
        { model: 'The body' },
      );
    }
    next();
  };
}
