import { type FieldError, InvalidRelationError, tableNameOf, ValidationFailedError } from '../lib';
import type { ResourceModel } from './options';
import type { RelationInfo } from './relations';
import type { RelationTree } from './relation-tree';
import { describeResource } from './resources';

/** A checked request body: a row with its nested relations. */
export type Graph = Record<string, unknown>;

/** `create` (POST), `replace` (PUT: the whole graph) or `update` (PATCH: own columns). */
export type BodyMode = 'create' | 'replace' | 'update';

/** A checked body and the relations it carries, to read the result back with. */
export interface CheckedBody {
  graph: Graph;
  relations: RelationTree;
}

function isObject(value: unknown): value is Graph {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notWritableReason(relation: RelationInfo): string {
  if (relation.policy === undefined) {
    return 'it refers to the owning row; set the foreign-key column instead';
  }
  return `its rows are protected by the "${relation.policy}" delete policy; write them from the other side`;
}

interface Walk {
  mode: BodyMode;
  errors: FieldError[];
  rootName: string;
}

function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** A nested id names an existing row: one to link (many-to-many) or, in a PUT, to keep. */
function checkNestedId(walk: Walk, relation: RelationInfo, id: unknown, path: string): void {
  if (walk.mode === 'create' && !relation.isManyToMany) {
    walk.errors.push({ path, message: 'is assigned by the server to a new row' });
  } else if (!Number.isSafeInteger(id) || (id as number) < 1) {
    walk.errors.push({ path, message: 'must be a positive integer' });
  }
}

/** A checked node: what is written, and the relations it carries. */
interface Checked<T> {
  value: T;
  relations: RelationTree;
}

function checkRelation(
  walk: Walk,
  relation: RelationInfo,
  value: unknown,
  path: string,
  writable: RelationTree,
): Checked<unknown> {
  if (walk.mode === 'update') {
    throw new InvalidRelationError(
      `"${path}" is a relation: PATCH changes ${walk.rootName}' own columns; use PUT to write relations`,
    );
  }
  const subtree = writable[relation.name];
  if (!subtree) {
    const reason = relation.isWritable ? 'the body nests too deep' : notWritableReason(relation);
    throw new InvalidRelationError(
      `"${path}" cannot be written through ${walk.rootName}: ${reason}`,
    );
  }
  if (relation.isToMany && !Array.isArray(value)) {
    walk.errors.push({ path, message: 'must be an array of objects' });
    return { value, relations: {} };
  }
  const relations: RelationTree = {};
  const checkChild = (child: unknown, at: string): unknown => {
    if (child === null && !relation.isToMany) return null;
    if (!isObject(child)) {
      walk.errors.push({ path: at, message: 'must be an object' });
      return child;
    }
    if ('id' in child) checkNestedId(walk, relation, child.id, `${at}.id`);
    const checked = checkNode(walk, relation.target, child, at, subtree, relation.extras);
    Object.assign(relations, checked.relations);
    return checked.value;
  };
  const checked = Array.isArray(value)
    ? value.map((child, index) => checkChild(child, `${path}[${index}]`))
    : checkChild(value, path);
  return { value: checked, relations };
}

function checkNode(
  walk: Walk,
  model: ResourceModel,
  node: Graph,
  path: string,
  writable: RelationTree,
  extras: readonly string[],
): Checked<Graph> {
  const { columns, relations, readOnly } = describeResource(model);
  const value: Graph = {};
  const loaded: RelationTree = {};
  for (const [key, field] of Object.entries(node)) {
    const at = childPath(path, key);
    const relation = relations.get(key);
    if (relation) {
      const checked = checkRelation(walk, relation, field, at, writable);
      value[key] = checked.value;
      loaded[key] = checked.relations;
    } else if (columns.has(key) || extras.includes(key)) {
      value[key] = field;
    } else if (!readOnly.includes(key)) {
      walk.errors.push({ path: at, message: `is not a field of ${model.name}` });
    }
  }
  return { value, relations: loaded };
}

function checkRootId(walk: Walk, body: Graph, id: number | undefined): void {
  if (!('id' in body)) return;
  if (walk.mode === 'create') {
    walk.errors.push({ path: 'id', message: 'is assigned by the server' });
  } else if (body.id !== id) {
    walk.errors.push({ path: 'id', message: `must be ${String(id)}, the id in the path` });
  }
}

/**
 * Checks a request body against the resource before any model sees it: a JSON object, only the
 * model's own fields, and only the relations the resource may write (`writable`), so that
 * nothing unknown reaches the database. The timestamps the layer keeps may be present (a row
 * read back and sent again) and are dropped. The model validates the values themselves.
 */
export function checkBody(
  model: ResourceModel,
  body: unknown,
  mode: BodyMode,
  writable: RelationTree,
  id?: number,
): CheckedBody {
  if (!isObject(body)) {
    throw new ValidationFailedError([{ path: '', message: 'must be a JSON object' }], {
      model: 'The body',
    });
  }
  const walk: Walk = { mode, errors: [], rootName: tableNameOf(model) };
  checkRootId(walk, body, id);
  const { value, relations } = checkNode(walk, model, body, '', writable, []);
  if (walk.errors.length > 0) {
    throw new ValidationFailedError(walk.errors, { model: model.name });
  }
  return { graph: value, relations };
}
