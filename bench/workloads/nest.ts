type Row = Record<string, unknown>;

/**
 * Hand-written eager loading's stitching step: puts each child into its parent's `relation`
 * list, matching `foreignKey` to the parent's id. Parents keep their order.
 */
export function nest<P extends Row>(
  parents: P[],
  children: Row[],
  foreignKey: string,
  relation: string,
): P[] {
  const byId = new Map<unknown, Row[]>();
  for (const parent of parents) {
    const list: Row[] = [];
    byId.set(parent.id, list);
    (parent as Row)[relation] = list;
  }
  for (const child of children) byId.get(child[foreignKey])?.push(child);
  return parents;
}
