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
export type { Dialect, ForeignKeyInfo, ForeignKeyRule, InsertLimits } from './database/dialect';
