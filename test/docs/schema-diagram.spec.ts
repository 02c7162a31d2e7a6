import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { BaseModel, belongsToOne, hasMany, relationFacts } from '../../lib';
import { allModels } from '../../models';
import { erDiagram, SCHEMA_DOC, schemaDocument } from '../../scripts/docs/er-diagram';

describe('Docs | the ER diagram of docs/schema.md', () => {
  it('is the one the models make now (regenerate it with npm run docs:er)', () => {
    expect(readFileSync(SCHEMA_DOC, 'utf8')).to.equal(schemaDocument(allModels));
  });

  it('draws every table of the models and every relation once, from the side that owns the rows', () => {
    const diagram = erDiagram(allModels);
    const drawn = allModels.flatMap((model) =>
      Object.values(model.getRelations())
        // The child's side (a BelongsToOne, a morphTo) is drawn from its owner's; read-only derived
        // relations (through, recursive) store nothing of their own: not drawn.
        .filter(
          (relation) =>
            !['belongsToOne', 'morphTo', 'through', 'recursive'].includes(
              relationFacts(relation).kind,
            ),
        )
        .map((relation) => `"${model.name}.${relation.name}`),
    );

    for (const model of allModels) expect(diagram).to.include(`  ${model.tableName} {`);
    for (const label of drawn) expect(diagram).to.include(label);
    expect(diagram.split('\n').filter((line) => line.includes(' : '))).to.have.length(drawn.length);
  });

  it('marks keys, nullable foreign keys and delete policies, for models of any domain', () => {
    class Stall extends BaseModel {
      static override tableName = 'stalls';
      static override jsonSchema = {
        type: 'object',
        properties: { id: { type: 'integer' }, name: { type: 'string' } },
      };
      static override relationMappings = () => ({
        wares: hasMany(Ware, {
          from: 'stalls.id',
          to: 'wares.stall_id',
          inverse: 'stall',
          onDelete: 'nullify',
        }),
      });
    }
    class Ware extends BaseModel {
      static override tableName = 'wares';
      static override jsonSchema = {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          stall_id: { type: ['integer', 'null'] },
          weight: { type: 'number' },
        },
      };
      static override relationMappings = () => ({
        stall: belongsToOne(Stall, { from: 'wares.stall_id', to: 'stalls.id', inverse: 'wares' }),
      });
    }

    expect(erDiagram([Stall, Ware]).split('\n')).to.deep.equal([
      'erDiagram',
      '  stalls |o--o{ wares : "Stall.wares, nullify"',
      '  stalls {',
      '    int id PK',
      '    string name',
      '  }',
      '  wares {',
      '    int id PK',
      '    int stall_id FK "nullable"',
      '    decimal weight',
      '  }',
    ]);
  });
});
