import { propsOf } from '../objection/model-props';
import { Model } from 'objection';

type Props = Record<PropertyKey, unknown>;

/**
 * Saves the own properties of `models` and of every model in the graphs below them, and returns
 * what puts them back. A write sets ids, foreign keys and timestamps on the models it writes;
 * when its transaction is rolled back to be run again, the models must look as the caller gave
 * them, or the second run would take the first run's ids for rows that exist.
 *
 * @example
 * const restore = saveModelState(graph);
 * await attempt().catch(() => restore());
 */
export function saveModelState(models: readonly Model[]): () => void {
  const savedModels = new Map<Model, Props>();
  const savedArrays = new Map<unknown[], unknown[]>();
  const pending: unknown[] = [...models];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      if (savedArrays.has(value)) continue;
      savedArrays.set(value, [...value]);
      pending.push(...value);
    } else if (value instanceof Model && !savedModels.has(value)) {
      const props = { ...value } as Props;
      savedModels.set(value, props);
      pending.push(...Object.values(props));
    }
  }
  return () => {
    for (const [array, items] of savedArrays) array.splice(0, array.length, ...items);
    for (const [model, props] of savedModels) restoreProps(propsOf(model), props);
  };
}

function restoreProps(model: Props, saved: Props): void {
  for (const key of Object.keys(model)) if (!Object.hasOwn(saved, key)) delete model[key];
  for (const [key, value] of Object.entries(saved)) {
    // A property the run removed is defined again rather than assigned, which would go through
    // the prototype's relation accessor (strict loading).
    if (Object.hasOwn(model, key)) model[key] = value;
    else
      Object.defineProperty(model, key, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
  }
}
