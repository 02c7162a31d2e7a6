/**
 * Who runs each workload: this project's models, vanilla Objection on the same schema,
 * hand-written Knex, the raw driver, Sequelize and TypeORM, in the order of the first round.
 */
export const CONTENDERS = ['layer', 'objection', 'knex', 'driver', 'sequelize', 'typeorm'] as const;

export type ContenderName = (typeof CONTENDERS)[number];
