import { expect } from 'chai';
import { DEFAULT_DATABASE_URL, databaseUrl, dialectFor, knexConfig } from '../../lib';

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

  it('refuses a URL it does not support, saying what it accepts', () => {
    expect(() => dialectFor('mysql://root@localhost/test')).to.throw(
      /sqlite:<path>.*postgres:\/\//,
    );
  });
});
