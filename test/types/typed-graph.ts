// Compile-only: `tsc` in `npm test` checks this file; nothing here runs. Each `@ts-expect-error`
// marks code that must not compile, and fails the type-check if it ever does.
import { fetchGraph, type Loaded, type WithoutRelations } from '../../lib';
import type { Order, Profile, Tag } from '../../models';
import { Category, Comment, Customer, Post, Product, Shop, User } from '../../models';

/** True when A and B are the same type, not merely assignable to each other. */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

function assertType<T extends true>(): T | undefined {
  return undefined;
}

function takesShop(shop: Shop): string {
  return shop.name;
}

export async function loadedRelationsAreRequiredAndExact() {
  const shops = await Shop.query().withGraph({ products: { orders: true } });
  const shop = shops[0]!;

  assertType<Equal<typeof shops, Array<Loaded<Shop, { products: { orders: true } }>>>>();
  assertType<Equal<typeof shop.products, Array<Loaded<Product, { orders: true }>>>>();
  assertType<Equal<(typeof shop.products)[number]['orders'], Array<WithoutRelations<Order>>>>();

  // A loaded list keeps its element type through map and find (an intersection would not).
  const orderNumbers: string[][] = shop.products.map((p) => p.orders.map((o) => o.order_number));
  const rice = shop.products.find((p) => p.name === 'Rice');
  assertType<Equal<typeof rice, Loaded<Product, { orders: true }> | undefined>>();

  // A loaded model is still the model.
  return [orderNumbers, rice, takesShop(shop)];
}

export async function singleRelationsAreNullable() {
  const products = await Product.query().withGraph({ shop: true });
  const user = await User.query()
    .findById(1)
    .withGraph({ profile: true, posts: { tags: true } });

  assertType<Equal<(typeof products)[number]['shop'], WithoutRelations<Shop> | null>>();
  assertType<
    Equal<typeof user, Loaded<User, { profile: true; posts: { tags: true } }> | undefined>
  >();
  assertType<Equal<NonNullable<typeof user>['profile'], WithoutRelations<Profile> | null>>();
  assertType<
    Equal<NonNullable<typeof user>['posts'][number]['tags'], Array<WithoutRelations<Tag>>>
  >();
  return [products, user];
}

export async function modifiersFilterWithoutChangingTheType() {
  const shops = await Shop.query()
    .withGraph({ products: { $modify: ['cheap'], orders: true } })
    .modifiers({ cheap: (query) => query.where('price', '<', 2) });

  assertType<Equal<typeof shops, Array<Loaded<Shop, { products: { orders: true } }>>>>();
  return shops;
}

export async function fetchGraphTypesModelsInMemory() {
  const shop = await Shop.query().findById(1).throwIfNotFound();
  const posts = await Post.query();

  const loadedShop = await fetchGraph(shop, { products: true });
  const loadedPosts = await fetchGraph(posts, { user: true, tags: true });

  assertType<Equal<typeof loadedShop.products, Array<WithoutRelations<Product>>>>();
  assertType<Equal<(typeof loadedPosts)[number]['user'], WithoutRelations<User> | null>>();
  return [loadedShop, loadedPosts];
}

export function isLoadedNarrows(user: User) {
  if (user.$isLoaded('profile')) {
    const profile: Profile | null = user.profile;
    return profile;
  }
  return undefined;
}

export async function unloadedRelationsDoNotCompile() {
  const shops = await Shop.query().withGraph({ products: true });
  const users = await User.query().withGraph({ posts: true });

  // @ts-expect-error: the products' orders were not loaded
  const orders = shops[0]!.products[0]!.orders;
  // @ts-expect-error: the products' shop was not loaded either
  const shop = shops[0]!.products[0]!.shop;
  // @ts-expect-error: only posts were loaded, not the profile
  const profile = users[0]!.profile;
  // @ts-expect-error: a shop has no orders relation at all
  const shopOrders = shops[0]!.orders;

  return [orders, shop, profile, shopOrders];
}

export async function unknownRelationsDoNotCompile() {
  // @ts-expect-error: Shop has no relation "owner"
  await Shop.query().withGraph({ owner: true });
  // @ts-expect-error: an unknown relation next to a known one
  await Shop.query().withGraph({ products: true, owner: true });
  // @ts-expect-error: a column is not a relation
  await Shop.query().withGraph({ name: true });
  // @ts-expect-error: a nested path through an unknown relation
  await Shop.query().withGraph({ products: { notARelation: true } });
  // @ts-expect-error: deeper still
  await Shop.query().withGraph({ products: { orders: { invoice: true } } });
  // @ts-expect-error: modifiers belong to a relation, not to the root
  await Shop.query().withGraph({ $modify: ['cheap'], products: true });
  // @ts-expect-error: a relation is loaded with true or a nested object
  await Shop.query().withGraph({ products: 'orders' });
  const shop = await Shop.query().findById(1).throwIfNotFound();
  // @ts-expect-error: fetchGraph checks its relations the same way
  await fetchGraph(shop, { owner: true });
}

export async function derivedRelationsAreTypedLikeTheOthers() {
  const customer = await Customer.query()
    .findById(1)
    .withGraph({ purchasedProducts: { shop: true } });
  assertType<
    Equal<typeof customer, Loaded<Customer, { purchasedProducts: { shop: true } }> | undefined>
  >();
  assertType<
    Equal<NonNullable<typeof customer>['purchasedProducts'], Array<Loaded<Product, { shop: true }>>>
  >();
  // @ts-expect-error orders were not loaded
  void customer?.orders;

  const root = await Category.query().findById(1).withGraph({ descendants: true });
  assertType<Equal<NonNullable<typeof root>['descendants'], Array<WithoutRelations<Category>>>>();
  return root?.descendants.map(({ name }) => name);
}

export async function polymorphicRelationsAreTypedPerTarget() {
  const comments = await Comment.query().withGraph({ commentable: true });
  const posts = await Post.query().withGraph({ comments: { commentable: true } });

  // A morphTo loads one of its targets, each with its own columns, or null.
  assertType<
    Equal<
      (typeof comments)[number]['commentable'],
      WithoutRelations<Post> | WithoutRelations<Product> | null
    >
  >();
  assertType<
    Equal<(typeof posts)[number]['comments'], Array<Loaded<Comment, { commentable: true }>>>
  >();

  // Only the relations every target has can be loaded below a morphTo.
  await Comment.query().withGraph({ commentable: { comments: true } });
  // @ts-expect-error Post has no `shop`: a morphTo's nested relation must exist on every target
  await Comment.query().withGraph({ commentable: { shop: true } });
  return [comments, posts];
}
