/** What kind of drift a finding reports. */
export type SchemaFindingKind =
  | 'undeclared-foreign-key'
  | 'policy-contradicts-rule'
  | 'missing-index'
  | 'json-schema-mismatch'
  | 'morph-unknown-type'
  | 'morph-missing-target';

/** One place where the models and the database disagree. */
export interface SchemaFinding {
  kind: SchemaFindingKind;
  /** The table and column the finding is about. */
  table: string;
  column: string;
  /** What disagrees and what to do about it. */
  message: string;
}
