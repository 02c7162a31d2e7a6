import { expect } from 'chai';
import { BaseModel, belongsToOne, hasMany, hasOne, NotFoundError, recordQueries } from '../../lib';
import { setBasedUpsertRefusal } from '../../lib/graph/upsert/coverage';
import { describeEachDialect } from '../support/database';
import { snapshotDatabase } from '../support/queries';
import { shapesOf } from '../support/statements';

// A shelf's slots are identified by the shelf and their position, its plate by the shelf: the
// children's ids hold their owner's key.
class Shelf extends BaseModel {
  static override tableName = 'spec_shelves';
  static override hasTimestamps = false;

  declare id: number;
  declare name: string;
  declare slots?: Slot[];
  declare plate?: Plate | null;

  static override relationMappings = () => ({
    slots: hasMany(Slot, {
      from: 'spec_shelves.id',
      to: 'spec_slots.shelf_id',
      inverse: 'shelf',
      onDelete: 'cascade',
    }),
    plate: hasOne(Plate, {
      from: 'spec_shelves.id',
      to: 'spec_plates.shelf_id',
      inverse: 'shelf',
      onDelete: 'cascade',
    }),
  });
}

class Slot extends BaseModel {
  static override tableName = 'spec_slots';
  static override idColumn = ['shelf_id', 'position'];
  static override hasTimestamps = false;

  declare shelf_id: number;
  declare position: number;
  declare label: string;

  static override relationMappings = () => ({
    shelf: belongsToOne(Shelf, {
      from: 'spec_slots.shelf_id',
      to: 'spec_shelves.id',
      inverse: 'slots',
    }),
  });
}

class Plate extends BaseModel {
  static override tableName = 'spec_plates';
  static override idColumn = 'shelf_id';
  static override hasTimestamps = false;

  declare shelf_id: number;
  declare text: string;

  static override relationMappings = () => ({
    shelf: belongsToOne(Shelf, {
      from: 'spec_plates.shelf_id',
      to: 'spec_shelves.id',
      inverse: 'plate',
    }),
  });
}

// Objection 3.1.5 silently drops, with `relate`, the HasMany/HasOne children whose composite id
// holds the foreign key, and takes a child given without its foreign key for a new row
// (objection#2544).
describeEachDialect('Objection fixes | graph writes keep children keyed by their owner', (db) => {
  before(async () => {
    for (const table of ['spec_plates', 'spec_slots', 'spec_shelves']) {
      await db.knex.schema.dropTableIfExists(table);
    }
    await db.knex.schema.createTable('spec_shelves', (table) => {
      table.increments('id');
      table.string('name').notNullable();
    });
    await db.knex.schema.createTable('spec_slots', (table) => {
      table.integer('shelf_id').notNullable().references('id').inTable('spec_shelves');
      table.integer('position').notNullable();
      table.string('label').notNullable();
      table.primary(['shelf_id', 'position']);
    });
    await db.knex.schema.createTable('spec_plates', (table) => {
      table.integer('shelf_id').primary().references('id').inTable('spec_shelves');
      table.string('text').notNullable();
    });
  });

  after(async () => {
    for (const table of ['spec_plates', 'spec_slots', 'spec_shelves']) {
      await db.knex.schema.dropTable(table);
    }
  });

  const slotsOf = async (shelfId: number) =>
    (await Slot.query().where('shelf_id', shelfId).orderBy('position')).map((slot) => [
      slot.position,
      slot.label,
    ]);

  async function twoShelves() {
    const other = await Shelf.query().insertGraph({
      name: 'Other',
      slots: [{ position: 1, label: 'o1' }],
    });
    const mine = await Shelf.query().insertGraph({
      name: 'Mine',
      slots: [
        { position: 1, label: 'm1' },
        { position: 2, label: 'm2' },
      ],
    });
    return { mine, other };
  }

  it('insertGraph with relate inserts the keyed children instead of dropping them', async () => {
    const shelf = await Shelf.query().insertGraph(
      {
        name: 'New',
        slots: [
          { position: 1, label: 'n1' },
          { position: 2, label: 'n2' },
        ],
        plate: { text: 'New shelf' },
      },
      { relate: true },
    );

    expect(await slotsOf(shelf.id)).to.deep.equal([
      [1, 'n1'],
      [2, 'n2'],
    ]);
    expect((await Plate.query().findById(shelf.id))?.text).to.equal('New shelf');
  });

  it('upsertGraph with relate updates the current child and inserts the new one', async () => {
    const { mine, other } = await twoShelves();

    await Shelf.query().upsertGraph(
      {
        id: mine.id,
        name: 'Mine',
        slots: [
          { position: 1, label: 'm1 relabelled' },
          { position: 3, label: 'm3' },
        ],
      },
      { relate: true, noDelete: true },
    );

    expect(await slotsOf(mine.id)).to.deep.equal([
      [1, 'm1 relabelled'],
      [2, 'm2'],
      [3, 'm3'],
    ]);
    expect(await slotsOf(other.id)).to.deep.equal([[1, 'o1']]);
  });

  it('upsertGraph updates a child given without its foreign key in place', async () => {
    const { mine, other } = await twoShelves();

    const { queries } = await recordQueries(db.knex, () =>
      Shelf.query().upsertGraph({
        id: mine.id,
        name: 'Mine',
        slots: [
          { position: 1, label: 'm1 relabelled' },
          { position: 2, label: 'm2' },
          { position: 4, label: 'm4' },
        ],
      }),
    );

    expect(await slotsOf(mine.id)).to.deep.equal([
      [1, 'm1 relabelled'],
      [2, 'm2'],
      [4, 'm4'],
    ]);
    expect(await slotsOf(other.id)).to.deep.equal([[1, 'o1']]);
    expect(shapesOf(queries)).not.to.include('delete spec_slots');
  });

  it('refuses a keyed child that names another owner, before writing anything', async () => {
    const { mine, other } = await twoShelves();
    const before = await snapshotDatabase(db.knex);

    const error = await Shelf.query()
      .upsertGraph(
        { id: mine.id, name: 'Mine', slots: [{ shelf_id: other.id, position: 1, label: 'x' }] },
        { relate: true, noDelete: true },
      )
      .catch((caught: unknown) => caught);

    expect(error).to.be.instanceOf(NotFoundError);
    expect(await snapshotDatabase(db.knex)).to.deep.equal(before);
  });

  it('leaves graphs with composite ids to Objection’s upsert, not the set-based one', async () => {
    const shelf = Shelf.fromJson({ id: 1, name: 'Mine', slots: [{ position: 1, label: 'x' }] });

    expect(setBasedUpsertRefusal(Shelf.query(), [shelf], {})).to.equal("Slot's composite id");
  });
});
