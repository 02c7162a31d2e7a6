import { type Loaded, type WithoutRelations } from '../../lib';
import type { Order, Product, Profile, User } from '../../models';
import { Shop as ShopModel, User as UserModel } from '../../models';

function expectType<T>(_value: T): void {}

export async function probe() {
  const shops = await ShopModel.query().withGraph({ products: { orders: true } });
  const p = shops[0]!.products[0]!;
  expectType<Order[]>(p.orders);
  expectType<Array<Order[]>>(shops[0]!.products.map((x) => x.orders));
  // @ts-expect-error shop not loaded
  p.shop;
  const users = await UserModel.query().withGraph({ profile: true, posts: { tags: true } });
  const u = users[0]!;
  expectType<WithoutRelations<Profile> | null>(u.profile);
  const one = await UserModel.query().findById(1).withGraph({ profile: true });
  expectType<Loaded<User, { profile: true }> | undefined>(one);
  const plain: User | undefined = one;
  const plainP: Product = p;
  // @ts-expect-error bogus
  await ShopModel.query().withGraph({ bogus: true });
  // @ts-expect-error bogus nested
  await ShopModel.query().withGraph({ products: { bogus: true } });
  // @ts-expect-error bogus extra
  await ShopModel.query().withGraph({ products: true, bogus: true });
  return [plain, plainP];
}
