import { Shop } from '../../models';

/** The seed's first shop: Green Grocer, selling Rice (2.50) and Beans (1.20). */
export function createGreenGrocer() {
  return Shop.query().insertGraph({
    name: 'Green Grocer',
    products: [
      { name: 'Rice', price: 2.5 },
      { name: 'Beans', price: 1.2 },
    ],
  });
}
