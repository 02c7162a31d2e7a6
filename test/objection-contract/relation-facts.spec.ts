import { expect } from 'chai';
import { Model } from 'objection';
import { hasManyThrough, recursive } from '../../lib';
import { joinTableExtrasOf, relationFacts } from '../../lib/objection/relation-facts';
import { morphMany, morphTo } from '../../lib/relations';

// Plain Objection models, as an application on Objection 3.1.5 declares them, without the layer:
// if an upgrade of Objection changes what the layer reads of its relations, this fails first.
class Owner extends Model {
  static override tableName = 'owners';
  static override relationMappings = () => ({
    pets: {
      relation: Model.HasManyRelation,
      modelClass: Pet,
      join: { from: 'owners.id', to: 'pets.owner_id' },
    },
    license: {
      relation: Model.HasOneRelation,
      modelClass: License,
      join: { from: 'owners.id', to: 'licenses.owner_id' },
      modify: (query: { where(column: string, value: unknown): void }) =>
        query.where('licenses.valid', true),
    },
    clubs: {
      relation: Model.ManyToManyRelation,
      modelClass: Club,
      join: {
        from: 'owners.id',
        through: { from: 'memberships.owner_id', to: 'memberships.club_id', extra: ['role'] },
        to: 'clubs.id',
      },
    },
    favouriteClub: {
      relation: Model.HasOneThroughRelation,
      modelClass: Club,
      join: {
        from: 'owners.id',
        through: { from: 'favourites.owner_id', to: 'favourites.club_id' },
        to: 'clubs.id',
      },
    },
    pairedPets: {
      relation: Model.HasManyRelation,
      modelClass: Pet,
      join: { from: ['owners.id', 'owners.kind'], to: ['pets.owner_id', 'pets.kind'] },
    },
  });
}

class Pet extends Model {
  static override tableName = 'pets';
  static override relationMappings = () => ({
    owner: {
      relation: Model.BelongsToOneRelation,
      modelClass: Owner,
      join: { from: 'pets.owner_id', to: 'owners.id' },
    },
  });
}

class License extends Model {
  static override tableName = 'licenses';
}

class Club extends Model {
  static override tableName = 'clubs';
}

describe('Objection contract | relationFacts', () => {
  it('classifies the four kinds by their exact class, and the others as unsupported', () => {
    const kinds = Object.values(Owner.getRelations()).map((relation) => [
      relation.name,
      relationFacts(relation).kind,
    ]);
    expect(kinds).to.deep.equal([
      ['pets', 'hasMany'],
      ['license', 'hasOne'],
      ['clubs', 'manyToMany'],
      ['favouriteClub', 'unsupported'],
      ['pairedPets', 'hasMany'],
    ]);
    expect(relationFacts(Pet.getRelation('owner')).kind).to.equal('belongsToOne');
  });

  it('reads one-column keys as property and column, and composite keys as null', () => {
    const pets = relationFacts(Owner.getRelation('pets'));
    expect(pets.ownerKey).to.deep.equal({ prop: 'id', col: 'id' });
    expect(pets.relatedKey).to.deep.equal({ prop: 'owner_id', col: 'owner_id' });
    const paired = relationFacts(Owner.getRelation('pairedPets'));
    expect(paired.ownerKey).to.equal(null);
    expect(paired.relatedKey).to.equal(null);
  });

  it('reads cardinality, the modifier and the owner and related classes', () => {
    const license = relationFacts(Owner.getRelation('license'));
    expect(license.isToMany).to.equal(false);
    expect(license.hasModifier).to.equal(true);
    expect(license.ownerModelClass).to.equal(Owner);
    expect(license.relatedModelClass).to.equal(License);
    expect(license.qualifiedName).to.equal('Owner.license');
    const pets = relationFacts(Owner.getRelation('pets'));
    expect([pets.isToMany, pets.hasModifier]).to.deep.equal([true, false]);
  });

  it('reads a many-to-many join table, its keys and its extras by column and property', () => {
    const clubs = relationFacts(Owner.getRelation('clubs'));
    if (clubs.kind !== 'manyToMany') throw new Error(`clubs is ${clubs.kind}`);
    expect(clubs.joinTable).to.equal('memberships');
    expect(clubs.joinTableOwnerKey).to.deep.equal({ prop: 'owner_id', col: 'owner_id' });
    expect(clubs.joinTableRelatedKey).to.deep.equal({ prop: 'club_id', col: 'club_id' });
    expect(clubs.extras).to.deep.equal([{ column: 'role', property: 'role', alias: 'role' }]);
    expect(clubs.hasJoinTableModifier).to.equal(false);
    expect(joinTableExtrasOf(Owner.getRelation('pets'))).to.deep.equal([]);
  });

  it('reads the inverse a declaration names, and none for a plain mapping', () => {
    expect(relationFacts(Owner.getRelation('pets')).declaredInverse).to.equal(undefined);
    class Named extends Model {
      static override tableName = 'named';
      static override relationMappings = () => ({
        pets: {
          relation: Model.HasManyRelation,
          modelClass: Pet,
          join: { from: 'named.id', to: 'pets.owner_id' },
          inverse: 'owner',
        },
      });
    }
    expect(relationFacts(Named.getRelation('pets')).declaredInverse).to.equal('owner');
  });

  it('names the Objection class of an unsupported relation', () => {
    const favourite = relationFacts(Owner.getRelation('favouriteClub'));
    if (favourite.kind !== 'unsupported') throw new Error(`favouriteClub is ${favourite.kind}`);
    expect(favourite.className).to.equal('HasOneThroughRelation');
  });

  it('classifies the read-only kinds the layer derives: through and recursive', () => {
    class Node extends Model {
      static override tableName = 'nodes';
      static override relationMappings = () => ({
        children: {
          relation: Model.HasManyRelation,
          modelClass: Node,
          join: { from: 'nodes.id', to: 'nodes.parent_id' },
        },
        owners: {
          relation: Model.BelongsToOneRelation,
          modelClass: Owner,
          join: { from: 'nodes.owner_id', to: 'owners.id' },
        },
        descendants: recursive(Node, 'children'),
        ownerClubs: hasManyThrough(Club, { through: 'owners', source: 'clubs' }),
      });
    }
    const descendants = relationFacts(Node.getRelation('descendants'));
    if (descendants.kind !== 'recursive') throw new Error(`descendants is ${descendants.kind}`);
    expect([descendants.walk.fromColumn, descendants.walk.toColumn]).to.deep.equal([
      'id',
      'parent_id',
    ]);
    expect(descendants.isToMany).to.equal(true);
    const clubs = relationFacts(Node.getRelation('ownerClubs'));
    if (clubs.kind !== 'through') throw new Error(`ownerClubs is ${clubs.kind}`);
    expect(clubs.relatedModelClass).to.equal(Club);
    // clubs ⨝ memberships ⨝ owners; the owner's key is the node's owner_id, read from owners.id.
    expect(clubs.path.joins.map(({ table }) => table)).to.deep.equal(['memberships', 'owners']);
    expect(clubs.path.ownerKeyColumn).to.equal('ownerClubs_hop1.id');
  });

  it('classifies the polymorphic relations, built on plain Objection models', () => {
    class Note extends Model {
      static override tableName = 'notes';
      static override relationMappings = () => ({
        noted: morphTo({
          type: 'notes.noted_type',
          id: 'notes.noted_id',
          targets: () => ({ owner: Noted, pet: Pet }),
          inverse: 'notes',
        }),
      });
    }
    class Noted extends Model {
      static override tableName = 'owners';
      static override relationMappings = () => ({
        notes: morphMany(Note, {
          from: 'owners.id',
          type: 'notes.noted_type',
          id: 'notes.noted_id',
          typeValue: 'owner',
          inverse: 'noted',
          onDelete: 'cascade',
        }),
      });
    }

    const notes = relationFacts(Noted.getRelation('notes'));
    const noted = relationFacts(Note.getRelation('noted'));

    if (notes.kind !== 'morphMany') throw new Error(`notes is ${notes.kind}`);
    expect([notes.typeColumn, notes.idColumn, notes.typeValue]).to.deep.equal([
      'noted_type',
      'noted_id',
      'owner',
    ]);
    // The type condition is the mapping's filter, which every fast path leaves to Objection.
    expect(notes.hasModifier).to.equal(true);
    expect(notes.relatedKey).to.deep.equal({ prop: 'noted_id', col: 'noted_id' });
    if (noted.kind !== 'morphTo') throw new Error(`noted is ${noted.kind}`);
    expect([...noted.targets.keys()]).to.deep.equal(['owner', 'pet']);
    expect([noted.typeColumn, noted.idColumn, noted.isToMany]).to.deep.equal([
      'noted_type',
      'noted_id',
      false,
    ]);
  });
});
