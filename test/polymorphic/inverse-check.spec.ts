import { expect } from 'chai';
import {
  BaseModel,
  belongsToOne,
  checkInverses,
  InverseMismatchError,
  morphMany,
  morphTo,
  type RelationDeclaration,
} from '../../lib';
import { Comment, Post, Product } from '../../models';
import { describeEachDialect } from '../support/database';

const COLUMNS = { type: 'comments.commentable_type', id: 'comments.commentable_id' };

/**
 * A post-like owner and a comment-like child on the demo's tables, declared fresh per test:
 * `ownerSide` builds the owner's relation, `childSide` the child's.
 */
function ownerAndChild(
  ownerSide: (child: typeof BaseModel) => RelationDeclaration,
  childSide: (owner: typeof BaseModel) => RelationDeclaration,
) {
  class Owner extends BaseModel {
    static override tableName = 'posts';
    static override relationMappings = () => ({ notes: ownerSide(Child) });
  }
  class Child extends BaseModel {
    static override tableName = 'comments';
    static override relationMappings = () => ({ noted: childSide(Owner) });
  }
  return { Owner, Child };
}

const notes = (child: typeof BaseModel, overrides: Partial<Parameters<typeof morphMany>[1]> = {}) =>
  morphMany(child, {
    from: 'posts.id',
    ...COLUMNS,
    typeValue: 'post',
    inverse: 'noted',
    onDelete: 'cascade',
    ...overrides,
  });

const noted = (owner: typeof BaseModel, overrides: Partial<Parameters<typeof morphTo>[0]> = {}) =>
  morphTo({ ...COLUMNS, targets: () => ({ post: owner }), inverse: 'notes', ...overrides });

function mismatchOf(check: () => void): InverseMismatchError {
  try {
    check();
  } catch (error) {
    expect(error).to.be.instanceOf(InverseMismatchError);
    return error as InverseMismatchError;
  }
  throw new Error('expected an InverseMismatchError');
}

// Each side of a polymorphic relation names the other; the layer holds them to it.
describeEachDialect('Polymorphic | inverse checks', () => {
  it("accepts the demo's comments from both ends", () => {
    for (const model of [Post, Product, Comment]) checkInverses(model);
  });

  it('accepts a morphMany and the morphTo that maps its type to it', () => {
    const { Owner, Child } = ownerAndChild(notes, noted);
    checkInverses(Owner);
    checkInverses(Child);
  });

  it("refuses a morphMany whose type value the morphTo's map names another model under", () => {
    const { Owner } = ownerAndChild(
      (child) => notes(child, { typeValue: 'article' }),
      (owner) => noted(owner, { targets: () => ({ article: Product, post: owner }) }),
    );

    const error = mismatchOf(() => checkInverses(Owner));

    expect(error.message).to.match(/stores the type 'article'.*names Product/);
  });

  it('refuses a morphMany whose type value the map does not name at all', () => {
    const { Owner } = ownerAndChild((child) => notes(child, { typeValue: 'blog_post' }), noted);

    expect(mismatchOf(() => checkInverses(Owner)).message).to.match(/'blog_post'.*has no entry/);
  });

  it('refuses a morphTo whose target has no relation by the inverse name', () => {
    const { Child } = ownerAndChild(notes, (owner) =>
      noted(owner, { targets: () => ({ post: owner, product: Product }) }),
    );

    expect(mismatchOf(() => checkInverses(Child)).message).to.match(
      /Product has no relation notes/,
    );
  });

  it('refuses a morphMany and a morphTo that store the owner in different columns', () => {
    const { Owner } = ownerAndChild((child) => notes(child, { type: 'comments.body' }), noted);

    expect(mismatchOf(() => checkInverses(Owner)).message).to.match(/the same columns/);
  });

  it('refuses a morphMany whose inverse is a plain belongsToOne', () => {
    const { Owner } = ownerAndChild(notes, (owner) =>
      belongsToOne(owner, { from: 'comments.commentable_id', to: 'posts.id', inverse: 'notes' }),
    );

    expect(mismatchOf(() => checkInverses(Owner)).message).to.match(/must be a morphTo/);
  });
});
