// The class every dialect's query builder extends, which knex's typings do not declare; only
// `read-classification.ts` imports it.
declare module 'knex/lib/query/querybuilder' {
  class Builder {}
  export = Builder;
}
