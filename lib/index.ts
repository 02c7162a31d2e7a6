export { BaseModel } from './base-model';
export { LayerQueryBuilder } from './query-builder';
export * from './errors';
export { translateError } from './error-translation';
export { unstorableTextReason } from './validation/storable-text';
export {
  unitOfWork,
  withRetry,
  type RetryOptions,
  type UnitOfWorkOptions,
} from './retry/unit-of-work';
export { DEFAULT_RETRY_POLICY, retryPolicyFromEnv, type RetryPolicy } from './retry/retry-policy';
export {
  belongsToOne,
  hasMany,
  hasOne,
  isDeclaredByLayer,
  isLinkOnly,
  manyToMany,
  morphMany,
  morphOne,
  morphTo,
  type DeletePolicy,
  type RelationDeclaration,
} from './relations';
export { addRelations } from './added-relations';
export {
  hasManyThrough,
  hasOneThrough,
  recursive,
  type DerivedRelationMapping,
  type RecursiveOptions,
  type ThroughDeclaration,
} from './derived-relations';
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
export {
  relationFacts,
  type JoinTableExtra,
  type KeyColumn,
  type RelationFacts,
  type RelationKind,
  type MorphKind,
  type MorphOwnerFacts,
  type MorphToFacts,
} from './objection/relation-facts';
export { idColumnOf, tableNameOf } from './objection/query-internals';
export { recordQueries, type RecordedQuery } from './observe/query-recorder';
export { originOf, type QueryOrigin } from './observe/query-origin';
export { findByIdJoined, type JoinTree } from './read/joined-graph';
export {
  detectNPlusOne,
  findNPlusOne,
  forbidNPlusOne,
  DEFAULT_N_PLUS_ONE_THRESHOLD,
  type NPlusOneFinding,
  type NPlusOneOptions,
} from './observe/n-plus-one';
export {
  limitPerParent,
  type LimitPerParentOptions,
  type SortDirection,
} from './read/limit-per-parent';
export {
  deletePoliciesOf,
  deletePolicyOf,
  type DeclaredDeletePolicy,
} from './delete/delete-policies';
export type { DeleteHook, DeletedBatch } from './delete/delete-hooks';
export { auditDeletions } from './audit/deletion-audit';
export { softDeleteOf, type SoftDeleteColumns } from './soft-delete/soft-delete';
export { restoreRows } from './soft-delete/restore';
export type { DeletedRows } from './soft-delete/soft-delete-scope';
export { Deletion } from './audit/deletion';
export { loadTableColumns } from './database/table-columns';
export { emptyTables } from './database/empty-tables';
export { tablesOf } from './database/model-tables';
export { checkSchema } from './schema-check/check-schema';
export type { SchemaFinding, SchemaFindingKind } from './schema-check/findings';
export {
  migrateExclusively,
  MIGRATION_WAIT,
  type ExclusiveMigration,
} from './database/migrate-exclusively';
export { createKnex, bindModels, closeKnex } from './database/connection';
export {
  migrationsConfig,
  LAYER_MIGRATIONS_DIRECTORY,
  type MigrationFile,
} from './database/migration-source';
export {
  DEFAULT_TIMEOUTS,
  maintenanceTimeoutsFromEnv,
  timeoutsFromEnv,
  type DatabaseTimeouts,
} from './database/timeouts';
export {
  databaseUrl,
  dialectFor,
  dialectOf,
  knexConfig,
  truncateAllTables,
  DEFAULT_DATABASE_URL,
} from './database/config';
export type {
  ColumnInfo,
  ConstraintFailure,
  Dialect,
  ForeignKeyInfo,
  ForeignKeyRule,
  InsertLimits,
  SqlFragment,
  TransientFailure,
} from './database/dialect';
export * from './replicas';
