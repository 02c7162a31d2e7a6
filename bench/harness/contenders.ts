/**
 * Who runs each workload: this project's models, vanilla Objection on the same schema,
 * hand-written Knex, the raw driver, Sequelize and TypeORM. Rounds run them in this order.
 */
export const CONTENDERS = ['layer', 'objection', 'knex', 'driver', 'sequelize', 'typeorm'] as const;

export type ContenderName = (typeof CONTENDERS)[number];

/** The contenders ratios are taken against. */
export const BASELINES = ['knex', 'driver'] as const satisfies readonly ContenderName[];
