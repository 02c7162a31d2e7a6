import { expect } from 'chai';
import { DEFAULT_DATABASE_URL, databaseUrl, dialectFor, knexConfig } from '../../lib';
import { LayerBetterSqlite3Client, LayerSqlite3Client } from '../../lib/database/sqlite-client';

describe('Database | DATABASE_URL', () => {
  it('defaults to the SQLite file data/dev.sqlite3', () => {
    expect(databaseUrl(undefined)).to.equal(DEFAULT_DATABASE_URL);
    expect(databaseUrl('  ')).to.equal(DEFAULT_DATABASE_URL);
    expect(knexConfig(DEFAULT_DATABASE_URL).connection).to.deep.equal({
      filename: 'data/dev.sqlite3',
    });
  });

  it('chooses the dialect from the URL scheme', () => {
    expect(dialectFor('sqlite::memory:').name).to.equal('sqlite');
    expect(dialectFor('sqlite:/tmp/x.sqlite3').name).to.equal('sqlite');
    expect(dialectFor('postgres://postgres@127.0.0.1:5432/test').name).to.equal('postgres');
    expect(dialectFor('postgresql://postgres@127.0.0.1/test').name).to.equal('postgres');
  });

  it('keeps sqlite::memory: in memory', () => {
    expect(knexConfig('sqlite::memory:').connection).to.deep.equal({ filename: ':memory:' });
  });

  it('runs sqlite: on sqlite3 and sqlite+better-sqlite3: on better-sqlite3, one SQLite dialect', () => {
    const sqlite3 = knexConfig('sqlite:data/x.sqlite3');
    const betterSqlite3 = knexConfig('sqlite+better-sqlite3:data/x.sqlite3');

    expect(sqlite3.client).to.equal(LayerSqlite3Client);
    expect(betterSqlite3.client).to.equal(LayerBetterSqlite3Client);
    expect(betterSqlite3.connection).to.deep.equal({ filename: 'data/x.sqlite3' });
    expect(knexConfig('sqlite+better-sqlite3::memory:').connection).to.deep.equal({
      filename: ':memory:',
    });
    expect(dialectFor('sqlite+better-sqlite3:data/x.sqlite3').name).to.equal('sqlite');
    expect(dialectFor('sqlite+better-sqlite3::memory:')).to.not.equal(
      dialectFor('sqlite::memory:'),
    );
  });

  it('refuses a SQLite URL that names no file', () => {
    expect(() => knexConfig('sqlite+better-sqlite3:')).to.throw(
      'DATABASE_URL "sqlite+better-sqlite3:" names no SQLite file',
    );
  });

  it('refuses a URL it does not support, saying what it accepts', () => {
    expect(() => dialectFor('mysql://root@localhost/test')).to.throw(
      /sqlite:<path>.*sqlite\+better-sqlite3:<path>.*postgres:\/\//,
    );
    expect(() => dialectFor('sqlite+sqljs:data/x.sqlite3')).to.throw(/is not supported/);
  });
});
