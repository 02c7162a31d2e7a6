// The demo domain (`relational-layer/demo`): eleven models of shops, blogs, books, orders and the
// comments on posts and products, their migrations and their seed. The project's own server and
// tests run on it; a host may load it beside its own models, or use it as an example.
export * from '../models';
export { seed as seedDemo } from '../seeds/01_demo_data';
export { DEMO_MIGRATIONS_DIRECTORY, DEMO_SEEDS_DIRECTORY, demoKnexConfig } from './knex-config';
