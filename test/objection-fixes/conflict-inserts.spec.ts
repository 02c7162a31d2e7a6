import { expect } from 'chai';
import { recordQueries, UnsupportedQueryError } from '../../lib';
import { Tag } from '../../models';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';

// Objection 3.1.5 gives the rows an insert with onConflict() returns to its models by position,
// and on SQLite reads the id of the connection's last insert (objection#2320, #2597, #2661).
describeEachDialect(
  'Objection fixes | insert … onConflict().ignore() gives each row its own id',
  (db) => {
    // 'a' is there already; 'b' is inserted last, so its id is the connection's last insert id.
    async function existingTags() {
      const a = await Tag.query().insert({ name: 'a' });
      const b = await Tag.query().insert({ name: 'b' });
      return { a, b };
    }

    const tagNames = async () => (await Tag.query().orderBy('id')).map((tag) => [tag.id, tag.name]);

    it('an ignored row gets no id, so that it can never be written as another row', async () => {
      const { a, b } = await existingTags();

      const ignored = await Tag.query().insert({ name: 'a' }).onConflict('name').ignore();

      expect(ignored.id).to.equal(undefined);
      expect(ignored.name).to.equal('a');
      expect(await tagNames()).to.deep.equal([
        [a.id, 'a'],
        [b.id, 'b'],
      ]);
    });

    it('an inserted row gets its own id, with onConflict() on SQLite too', async () => {
      await existingTags();

      const { result: inserted, queries } = await recordQueries(db.knex, () =>
        Tag.query().insert({ name: 'c' }).onConflict('name').ignore(),
      );

      expect(inserted.id).to.equal((await Tag.query().findOne({ name: 'c' }))?.id);
      expect(queries[0]!.sql).to.match(/returning [`"]id[`"], [`"]name[`"]$/);
    });

    it('insertAndFetch fetches the inserted row and leaves an ignored one as it was given', async () => {
      await existingTags();

      const ignored = await Tag.query().insertAndFetch({ name: 'a' }).onConflict('name').ignore();
      const inserted = await Tag.query().insertAndFetch({ name: 'c' }).onConflict('name').ignore();

      expect(ignored.id).to.equal(undefined);
      expect(ignored.name).to.equal('a');
      const stored = await Tag.query().findOne({ name: 'c' });
      expect(inserted.toJSON()).to.deep.equal(stored?.toJSON());
    });

    if (db.dialect.name === 'sqlite') {
      it('several rows at once are Objection’s PostgreSQL-only insert, refused on SQLite', async () => {
        await existingTags();

        const error = await Tag.query()
          .insert([{ name: 'x' }, { name: 'a' }])
          .onConflict('name')
          .ignore()
          .catch((caught: unknown) => caught);

        expect(String(error)).to.include('batch insert only works with Postgresql');
        expect(await tagNames()).to.have.length(2);
      });
    } else {
      it('several rows: each inserted row gets its own id, each ignored row none', async () => {
        const { a, b } = await existingTags();

        const tags = await Tag.query()
          .insert([{ name: 'x' }, { name: 'a' }, { name: 'y' }, { name: 'x' }])
          .onConflict('name')
          .ignore();

        const stored = new Map((await Tag.query()).map((tag) => [tag.name, tag.id]));
        expect(tags.map((tag) => [tag.name, tag.id])).to.deep.equal([
          ['x', stored.get('x')],
          ['a', undefined],
          ['y', stored.get('y')],
          ['x', undefined],
        ]);
        expect(stored.get('a')).to.equal(a.id);
        expect(stored.get('b')).to.equal(b.id);
      });

      it('several rows with insertAndFetch: the inserted ones are fetched', async () => {
        await existingTags();

        const tags = await Tag.query()
          .insertAndFetch([{ name: 'a' }, { name: 'z' }])
          .onConflict('name')
          .ignore();

        const z = await Tag.query().findOne({ name: 'z' });
        expect(tags.map((tag) => tag.id)).to.deep.equal([undefined, z?.id]);
        expect(tags[1]?.toJSON()).to.deep.equal(z?.toJSON());
      });

      it('several rows without conflict columns are refused before anything is written', async () => {
        await existingTags();
        const before = await snapshotDatabase(db.knex);

        const { result: error, queries } = await recordQueries(db.knex, () =>
          Tag.query()
            .insert([{ name: 'a' }, { name: 'w' }])
            .onConflict()
            .ignore()
            .catch((caught: unknown) => caught),
        );

        expect(error).to.be.instanceOf(UnsupportedQueryError);
        expect((error as Error).message).to.equal(
          'An insert of 2 Tag rows with onConflict() but no conflict columns cannot tell which ' +
            'rows the database inserted and which it ignored: name the columns of the conflict, ' +
            "as in onConflict('name')",
        );
        expect(queries).to.deep.equal([]);
        expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
      });

      it('merge gives every row its id, updated or inserted', async () => {
        const { b } = await existingTags();

        const merged = await Tag.query()
          .insert([{ name: 'b' }, { name: 'm' }])
          .onConflict('name')
          .merge();

        const m = await Tag.query().findOne({ name: 'm' });
        expect(merged.map((tag) => tag.id)).to.deep.equal([b.id, m?.id]);
      });
    }

    it('one row without conflict columns gets its id, or none when ignored', async () => {
      await existingTags();

      const ignored = await Tag.query().insert({ name: 'a' }).onConflict().ignore();
      const inserted = await Tag.query().insert({ name: 'v' }).onConflict().ignore();

      expect(ignored.id).to.equal(undefined);
      expect(inserted.id).to.equal((await Tag.query().findOne({ name: 'v' }))?.id);
    });
  },
);
