import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { PartialModelGraph } from 'objection';
import { type BaseModel, NotFoundError } from '../lib';
import { type Graph, checkBody } from './body';
import { withIncluded } from './fetch-graph';
import type { ResolvedOptions, ResourceModel } from './options';
import { parseId } from './path-params';
import { refuseUnlessIfMatch, sendWithEtag } from './preconditions';
import { pathsWhere, type RelationTree, toExpression, writableTree } from './relation-tree';
import type { Resource } from './resources';
import { inTransaction } from './transactions';

type ModelGraph = PartialModelGraph<BaseModel>;

/** Reads a written row back as the database holds it, with the relations the body carried. */
async function readBack(
  model: ResourceModel,
  trx: Knex.Transaction,
  id: number,
  relations: RelationTree,
): Promise<object> {
  const row = await withIncluded(model.query(trx).findById(id), relations);
  if (!row) throw new NotFoundError(model.name, id);
  return row.toJSON();
}

/** The columns of a body's root, without its relations. */
function ownColumns(resource: Resource, graph: Graph): Graph {
  return Object.fromEntries(Object.entries(graph).filter(([key]) => resource.columns.has(key)));
}

/**
 * The write handlers of one resource. The models decide what a write may do (a nested node with
 * an id must be one of its parent's, a linked many-to-many target takes only its id and the
 * join-table extras) and lock the row a write starts from; a handler translates a request into
 * one model call and its outcome into a response. `PUT`, `PATCH` and `DELETE` honour `If-Match`
 * (a 412 writes nothing, see `refuseUnlessIfMatch`); a written row comes with its new `ETag`.
 */
export function writeRoutes(resource: Resource, options: ResolvedOptions) {
  const { model } = resource;
  const writable = writableTree(model, options.maxDepth);
  const allowed = toExpression(writable);
  // Children left out of a PUT: unlinked where the policy keeps them (nullify, unrelate),
  // deleted otherwise (cascade).
  const unrelate = pathsWhere(
    model,
    writable,
    (relation) => relation.policy === 'nullify' || relation.policy === 'unrelate',
  );

  /**
   * The relate option of a write of `relations`: a nested node with an id is linked through the
   * many-to-many relations the body carries, and never moved from another parent (a foreign key
   * is not rewritten through a graph). None when the body links nothing, which keeps an upsert
   * on the set-based path.
   */
  const linking = (relations: RelationTree) => {
    const paths = pathsWhere(model, relations, (relation) => relation.isManyToMany);
    return paths.length > 0 ? { relate: paths } : {};
  };

  /** `POST /<resource>`: inserts the body as a graph; 201 with the row read back. */
  const create: RequestHandler = async (req, res) => {
    const { graph, relations } = checkBody(model, req.body, 'create', writable);
    const row = await inTransaction(options, async (trx) => {
      const inserted = await model
        .query(trx)
        .insertGraph(graph as ModelGraph, linking(relations))
        .allowGraph(allowed);
      return readBack(model, trx, inserted.$id() as number, relations);
    });
    res.status(201).location(`${req.baseUrl}/${resource.name}/${(row as Graph).id}`);
    sendWithEtag(res, resource, row);
  };

  /**
   * `PUT /<resource>/:id`: the body is the whole graph. Required columns must be present; for
   * every relation in the body, children missing from it are removed by their delete policy.
   * A row that does not exist is a 404 from the upsert itself, which locks the row first.
   */
  const replace: RequestHandler = async (req, res) => {
    const id = parseId(req.params.id);
    const { graph, relations } = checkBody(model, req.body, 'replace', writable, id);
    model.fromJson(ownColumns(resource, graph));
    const row = await inTransaction(options, async (trx) => {
      await refuseUnlessIfMatch(req, resource, trx, id);
      await model
        .query(trx)
        .upsertGraph({ ...graph, id } as ModelGraph, { ...linking(relations), unrelate })
        .allowGraph(allowed);
      return readBack(model, trx, id, relations);
    });
    sendWithEtag(res, resource, row);
  };

  /**
   * `PATCH /<resource>/:id`: changes the columns the body names, nothing else. A versioned
   * model's `version` in the body is the version the change starts from: a stale one is a 409.
   */
  const update: RequestHandler = async (req, res) => {
    const id = parseId(req.params.id);
    const { graph } = checkBody(model, req.body, 'update', {}, id);
    const row = await inTransaction(options, async (trx) => {
      await refuseUnlessIfMatch(req, resource, trx, id);
      // One UPDATE, which locks the row; no row updated is no row.
      const patched = await model
        .query(trx)
        .findById(id)
        .patch(graph as ModelGraph);
      if (patched === 0) throw new NotFoundError(model.name, id);
      return readBack(model, trx, id, {});
    });
    sendWithEtag(res, resource, row);
  };

  /**
   * `DELETE /<resource>/:id`: deletes the row (soft-deletes it, for a soft-deletable model), its
   * related rows following their policies. The
   * delete locks the row before anything else; of concurrent deletes of one row, the first
   * deletes it and the others find nothing to delete: 404.
   */
  const remove: RequestHandler = async (req, res) => {
    const id = parseId(req.params.id);
    await inTransaction(options, async (trx) => {
      await refuseUnlessIfMatch(req, resource, trx, id);
      const deleted = await model.query(trx).deleteById(id);
      if (deleted === 0) throw new NotFoundError(model.name, id);
    });
    res.status(204).end();
  };

  /**
   * `POST /<resource>/:id/restore`, on a soft-deletable resource: brings back the soft-deleted
   * row and exactly what its delete cascaded to; 200 with the row read back. No soft-deleted row
   * with that id is a 404; a row whose parent is still deleted a 409 PARENT_DELETED.
   */
  const restore: RequestHandler = async (req, res) => {
    const id = parseId(req.params.id);
    const row = await inTransaction(options, async (trx) => {
      const restored = await model.query(trx).findById(id).restore();
      if (restored === 0) throw new NotFoundError(`Deleted ${model.name}`, id);
      return readBack(model, trx, id, {});
    });
    res.json(row);
  };

  return { create, replace, update, remove, restore };
}
