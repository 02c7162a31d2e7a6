import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { Model, QueryBuilder } from 'objection';
import { type BaseModel, findByIdJoined, NotFoundError } from '../lib';
import { includedEtag, matchesWeakly, parseEtagCondition, rowEtag } from './etags';
import { isJoinable, orderById, withIncluded } from './fetch-graph';
import type { ResolvedOptions } from './options';
import { parseId } from './path-params';
import { type ListQuery, parseIncludeQuery, parseListQuery, parseRowQuery } from './query-params';
import type { RelationInfo } from './relations';
import { describeResource, type Resource } from './resources';
import { inSnapshot } from './transactions';

/** The body of every list response. */
export interface ListPage {
  data: object[];
  total: number;
  limit: number;
  offset: number;
}

/** Filters, counts, sorts, pages and includes: a fixed number of queries for any page size. */
async function listPage(rows: QueryBuilder<Model, Model[]>, query: ListQuery): Promise<ListPage> {
  const table = rows.tableRefFor(rows.modelClass());
  for (const { column, value } of query.filters) {
    if (value === null) rows.whereNull(`${table}.${column}`);
    else rows.where(`${table}.${column}`, value);
  }
  const total = await rows.resultSize();
  for (const { column, isDescending } of query.sort) {
    rows.orderBy(`${table}.${column}`, isDescending ? 'desc' : 'asc');
  }
  orderById(rows);
  const page = withIncluded(rows, query.include).limit(query.limit).offset(query.offset);
  const data = query.limit === 0 ? [] : await page;
  return { data: data.map((row) => row.toJSON()), total, limit: query.limit, offset: query.offset };
}

async function findOwner(
  resource: Resource,
  trx: Knex.Transaction,
  id: number,
): Promise<BaseModel> {
  const owner = await resource.model.query(trx).findById(id);
  if (!owner) throw new NotFoundError(resource.model.name, id);
  return owner;
}

/** `GET /<resource>`: a page of rows, filtered, sorted, with their included relations. */
export function listRows(resource: Resource, options: ResolvedOptions): RequestHandler {
  return async (req, res) => {
    const query = parseListQuery(resource, req.query, options);
    res.json(
      await inSnapshot(options, (trx) => {
        const rows = resource.model.query(trx);
        return listPage(query.withDeleted ? rows.withDeleted() : rows, query);
      }),
    );
  };
}

/**
 * `GET /<resource>/:id`: one row with its included relations, or 404, with a strong `ETag` (the
 * row's own without `include`, see `rowEtag`); an `If-None-Match` that names it is a 304 without
 * a body. A soft-deleted row (and its soft-deleted relations) only with `withDeleted=true`.
 */
export function getRow(resource: Resource, options: ResolvedOptions): RequestHandler {
  return async (req, res) => {
    const id = parseId(req.params.id);
    const { include, withDeleted } = parseRowQuery(resource, req.query, options);
    // One statement reads one consistent state by itself; several need a snapshot.
    const row =
      !withDeleted && isJoinable(resource.model, include)
        ? await findByIdJoined(resource.model, options.knex, id, include)
        : await inSnapshot(options, async (trx) => {
            const rows = resource.model.query(trx);
            const found = (withDeleted ? rows.withDeleted() : rows).findById(id);
            return await withIncluded(found, include);
          });
    if (!row) throw new NotFoundError(resource.model.name, id);
    const body = row.toJSON();
    const ownTag = rowEtag(resource, body);
    const etag = Object.keys(include).length === 0 ? ownTag : includedEtag(ownTag, body);
    res.set('ETag', etag);
    const ifNoneMatch = req.get('if-none-match');
    if (ifNoneMatch !== undefined && matchesWeakly(parseEtagCondition(ifNoneMatch), etag)) {
      res.status(304).end();
      return;
    }
    res.json(body);
  };
}

/**
 * `GET /<resource>/:id/<relation>` through `$relatedQuery`: a page like any list for a to-many
 * relation (join-table extras included), the related row or 404 for a to-one relation.
 */
export function getRelated(
  resource: Resource,
  relation: RelationInfo,
  options: ResolvedOptions,
): RequestHandler {
  const target = describeResource(relation.target);
  if (relation.isToMany) {
    return async (req, res) => {
      const id = parseId(req.params.id);
      const query = parseListQuery(target, req.query, options);
      const page = await inSnapshot(options, async (trx) => {
        const owner = await findOwner(resource, trx, id);
        const related = owner.$relatedQuery<BaseModel>(relation.name, trx);
        return listPage(query.withDeleted ? related.withDeleted() : related, query);
      });
      res.json(page);
    };
  }
  return async (req, res) => {
    const id = parseId(req.params.id);
    const include = parseIncludeQuery(target, req.query, options);
    const row = await inSnapshot(options, async (trx) => {
      const owner = await findOwner(resource, trx, id);
      // The typings cannot know that a relation named at run time is a to-one relation, for
      // which Objection answers one row or undefined.
      // eslint-disable-next-line no-restricted-syntax -- the result type is only known at run time
      const related = owner.$relatedQuery(relation.name, trx) as unknown as QueryBuilder<
        Model,
        Model | undefined
      >;
      return await withIncluded(related, include);
    });
    if (!row) throw new NotFoundError(`${resource.model.name} ${id}'s ${relation.name}`);
    res.json(row.toJSON());
  };
}
