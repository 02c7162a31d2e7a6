export { BaseModel } from './base-model';
export { LayerQueryBuilder } from './query-builder';
export * from './errors';
export { translateError } from './error-translation';
export {
  belongsToOne,
  hasMany,
  hasOne,
  manyToMany,
  type DeletePolicy,
  type RelationDeclaration,
} from './relations';
export {
  fetchGraph,
  type GraphNode,
  type GraphSpec,
  type Loaded,
  type RelatedModel,
  type RelationName,
  type WithLoaded,
  type WithoutRelations,
} from './typed-graph';
export { checkInverses } from './strict/inverse-check';
export { recordQueries, type RecordedQuery } from './query-recorder';
export { createKnex, bindModels, closeKnex } from './database/connection';
export {
  databaseUrl,
  dialectFor,
  dialectOf,
  knexConfig,
  truncateAllTables,
  DEFAULT_DATABASE_URL,
} from './database/config';
export type { Dialect, ForeignKeyInfo, ForeignKeyRule } from './database/dialect';
