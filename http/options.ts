import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import { type BaseModel, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../lib';

/** A model class served as a resource. */
export type ResourceModel = typeof BaseModel;

/** What `createApp` and `createRouter` accept; only `knex` and `models` are required. */
export interface ApiOptions {
  /** The database every request runs on, in a transaction of its own. */
  knex: Knex;
  /**
   * The models to serve, one resource each, named by table (`allModels` of
   * `relational-layer/demo` for the demo). A model that a served relation reaches must be served
   * too, or `createRouter` throws: it would answer under `/products/{id}/reviews` but not at
   * `/reviews`.
   */
  models: readonly ResourceModel[];
  /** Where requests, start-up and unexpected errors are logged. Default: pino on stdout. */
  logger?: Logger;
  /** The page size when a list request gives no `limit`. Default: 20. */
  defaultLimit?: number;
  /** The largest `limit` a client may ask for. Default: 100. */
  maxLimit?: number;
  /** How many relation levels `include` and a written graph may span. Default: 3. */
  maxDepth?: number;
  /** The largest request body, in bytes or as body-parser reads it (`'100kb'`). Default: 100kb. */
  bodyLimit?: number | string;
  /**
   * How many levels of arrays and objects a request body may nest, the body itself being the
   * first: deeper bodies are refused with 400 before anything walks them. Default: 32.
   */
  maxBodyDepth?: number;
  /**
   * How a request's transaction is run again after a deadlock, a serialization failure or a
   * busy database. Default: `DEFAULT_RETRY_POLICY`.
   */
  retry?: RetryPolicy;
  /** The `info` of the OpenAPI document; a description of the API's conventions is added when it gives none. */
  apiInfo?: ApiInfo;
}

/** The `info` object of the OpenAPI document. */
export interface ApiInfo {
  title: string;
  version: string;
  description?: string;
  /** Who answers for the API: the document's readers and linters look for one. */
  contact?: { name?: string; url?: string; email?: string };
}

export type ResolvedOptions = Required<ApiOptions>;

/** The options with every default filled in. */
export function resolveOptions(options: ApiOptions): ResolvedOptions {
  // The typings require them; a JavaScript caller still deserves words rather than a TypeError.
  if (!Array.isArray(options.models)) {
    throw new TypeError(
      'createRouter and createApp need `models`, the model classes to serve: the layer serves ' +
        "none of its own (the demo's are `allModels` of relational-layer/demo)",
    );
  }
  return {
    knex: options.knex,
    models: options.models,
    logger: options.logger ?? pino(),
    defaultLimit: options.defaultLimit ?? 20,
    maxLimit: options.maxLimit ?? 100,
    maxDepth: options.maxDepth ?? 3,
    bodyLimit: options.bodyLimit ?? '100kb',
    maxBodyDepth: options.maxBodyDepth ?? 32,
    retry: options.retry ?? DEFAULT_RETRY_POLICY,
    apiInfo: options.apiInfo ?? {
      title: 'relational-layer API',
      version: '1.0.0',
      contact: { name: 'relational-layer' },
    },
  };
}
