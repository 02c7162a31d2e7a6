import type { Knex } from 'knex';
import { knexConfig } from './lib/database/config';

// One knob: DATABASE_URL (unset → SQLite in data/dev.sqlite3). The application builds its
// connection from the same function, so the CLI and the app always use the same database.
const config: Knex.Config = knexConfig();

export = config;
