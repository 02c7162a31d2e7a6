import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { PartialModelGraph } from 'objection';
import { type BaseModel, NotFoundError } from '../lib';
import { type Graph, checkBody } from './body';
import { withIncluded } from './fetch-graph';
import type { ResolvedOptions, ResourceModel } from './options';
import { parseId } from './path-params';
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

async function findRow(
  model: ResourceModel,
  trx: Knex.Transaction,
  id: number,
): Promise<BaseModel> {
  const row = await model.query(trx).findById(id);
  if (!row) throw new NotFoundError(model.name, id);
  return row;
}

/** The columns of a body's root, without its relations. */
function ownColumns(resource: Resource, graph: Graph): Graph {
  return Object.fromEntries(Object.entries(graph).filter(([key]) => resource.columns.has(key)));
}

/** The write handlers of one resource; nested nodes with an `id` refer to existing rows. */
export function writeRoutes(resource: Resource, options: ResolvedOptions) {
  const { model } = resource;
  const writable = writableTree(model, options.maxDepth);
  const allowed = toExpression(writable);
  // A nested node with an id refers to an existing row: POST links it through a join table
  // (a foreign key would need an update, which is PUT's job).
  const relateOnCreate = pathsWhere(model, writable, (relation) => relation.isManyToMany);
  // Children left out of a PUT: unlinked where the policy keeps them (nullify, unrelate),
  // deleted otherwise (cascade).
  const unrelate = pathsWhere(
    model,
    writable,
    (relation) => relation.policy === 'nullify' || relation.policy === 'unrelate',
  );

  /** `POST /<resource>`: inserts the body as a graph; 201 with the row read back. */
  const create: RequestHandler = async (req, res) => {
    const { graph, relations } = checkBody(model, req.body, 'create', writable);
    const row = await inTransaction(options, async (trx) => {
      const inserted = await model
        .query(trx)
        .insertGraph(graph as ModelGraph, { relate: relateOnCreate })
        .allowGraph(allowed);
      return readBack(model, trx, inserted.$id() as number, relations);
    });
    res
      .status(201)
      .location(`${req.baseUrl}/${resource.name}/${(row as Graph).id}`)
      .json(row);
  };

  /**
   * `PUT /<resource>/:id`: the body is the whole graph. Required columns must be present; for
   * every relation in the body, children missing from it are removed by their delete policy.
   */
  const replace: RequestHandler = async (req, res) => {
    const id = parseId(req.params.id);
    const { graph, relations } = checkBody(model, req.body, 'replace', writable, id);
    model.fromJson(ownColumns(resource, graph));
    const row = await inTransaction(options, async (trx) => {
      await findRow(model, trx, id);
      await model
        .query(trx)
        .upsertGraph({ ...graph, id } as ModelGraph, { relate: true, unrelate })
        .allowGraph(allowed);
      return readBack(model, trx, id, relations);
    });
    res.json(row);
  };

  /** `PATCH /<resource>/:id`: changes the columns the body names, nothing else. */
  const update: RequestHandler = async (req, res) => {
    const id = parseId(req.params.id);
    const { graph } = checkBody(model, req.body, 'update', {}, id);
    const row = await inTransaction(options, async (trx) => {
      await (await findRow(model, trx, id)).$query(trx).patch(graph as ModelGraph);
      return readBack(model, trx, id, {});
    });
    res.json(row);
  };

  /** `DELETE /<resource>/:id`: deletes the row, its related rows following their policies. */
  const remove: RequestHandler = async (req, res) => {
    const id = parseId(req.params.id);
    await inTransaction(options, async (trx) => {
      await (await findRow(model, trx, id)).$query(trx).delete();
    });
    res.status(204).end();
  };

  return { create, replace, update, remove };
}
