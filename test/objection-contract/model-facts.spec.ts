import { expect } from 'chai';
import { type AnyQueryBuilder, Model, QueryBuilder } from 'objection';
import {
  mayReadWithoutObjection,
  modelFacts,
  readsOnlyThroughObjection,
} from '../../lib/objection/model-facts';

// Plain Objection models (not the layer's BaseModel), so that an upgrade of Objection that
// changes how it reads a model's declaration fails here first.
class Plain extends Model {
  static override tableName = 'plains';
}

class MethodDeclared extends Model {
  static override get tableName() {
    return 'method_declared';
  }

  static override get idColumn() {
    return ['a', 'b'];
  }
}

class Scoped extends Model {
  static override tableName = 'scoped';

  static onCreateQuery(query: AnyQueryBuilder): void {
    query.where('scoped.tenant_id', 1);
  }
}

class AfterFind extends Model {
  static override tableName = 'after_find';

  override $afterFind(): void {}
}

class StaticHooks extends Model {
  static override tableName = 'static_hooks';
  static override beforeFind(): void {}
  static override beforeInsert(): void {}
  static override afterUpdate(): void {}
}

class OwnBuilder<M extends Model, R = M[]> extends QueryBuilder<M, R> {}

class CustomBuilder extends Model {
  static override tableName = 'custom_builder';
  static override QueryBuilder = OwnBuilder;
}

describe('Objection contract | modelFacts', () => {
  it('reads the table and a one-column id, as Objection does', () => {
    const facts = modelFacts(Plain);
    expect([facts.tableName, facts.idColumn]).to.deep.equal(['plains', 'id']);
    expect(facts.modelClass).to.equal(Plain);
  });

  it('reads a table declared by a getter, and a composite id as null', () => {
    const facts = modelFacts(MethodDeclared);
    expect([facts.tableName, facts.idColumn]).to.deep.equal(['method_declared', null]);
  });

  it('tells a default scope (onCreateQuery) apart from none', () => {
    expect(modelFacts(Scoped).hasDefaultScope).to.equal(true);
    expect(modelFacts(Plain).hasDefaultScope).to.equal(false);
  });

  it('names the find hook a model defines, static or on the instance', () => {
    expect(modelFacts(Plain).findHook).to.equal(undefined);
    expect(modelFacts(AfterFind).findHook).to.equal('$afterFind');
    expect(modelFacts(StaticHooks).findHook).to.equal('static beforeFind');
  });

  it('lists the static write hooks a model defines', () => {
    expect(modelFacts(StaticHooks).writeHooks).to.deep.equal(['beforeInsert', 'afterUpdate']);
    expect(modelFacts(Plain).writeHooks).to.deep.equal([]);
  });

  it('reads the query builder class, the model’s own or Objection’s', () => {
    expect(modelFacts(CustomBuilder).queryBuilderClass).to.equal(OwnBuilder);
    expect(modelFacts(Plain).queryBuilderClass).to.equal(QueryBuilder);
  });

  it('tells whether Objection reshapes rows on their way to JSON', () => {
    class Mapped extends Model {
      static override tableName = 'mapped';
      static override jsonAttributes = ['data'];
    }
    expect(modelFacts(Mapped).reshapesRowJson).to.equal(true);
    expect(modelFacts(Plain).reshapesRowJson).to.equal(false);
  });

  it('lets a path skip Objection only for a model without find hook or default scope', () => {
    expect(mayReadWithoutObjection(Plain)).to.equal(true);
    expect(mayReadWithoutObjection(Scoped)).to.equal(false);
    expect(mayReadWithoutObjection(AfterFind)).to.equal(false);
    expect(readsOnlyThroughObjection(Scoped)).to.equal("Scoped's default scope (onCreateQuery)");
    expect(readsOnlyThroughObjection(AfterFind)).to.equal("AfterFind's $afterFind hook");
  });
});
