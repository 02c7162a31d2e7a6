import type { DialectName, ResultRow } from './results';

/** A target of the issue, checked on each dialect against the rows of one run. */
export interface Target {
  readonly name: string;
  readonly limit: string;
  /** The measured value per dialect, and whether it holds; nothing when not measured. */
  check(rows: ResultRow[], dialect: DialectName): { value: string; holds: boolean } | null;
}

const format = (ratio: number) => `${ratio.toFixed(2)}×`;

function layerRows(rows: ResultRow[], dialect: DialectName, workload: RegExp) {
  return rows.filter(
    (r) => r.dialect === dialect && r.contender === 'layer' && workload.test(r.workload),
  );
}

function ratioTarget(name: string, workload: RegExp, limit: number): Target {
  return {
    name,
    limit: `≤ ${limit.toFixed(2)} × knex`,
    check(rows, dialect) {
      const found = layerRows(rows, dialect, workload).filter((r) => r.ratio_vs_knex !== null);
      if (found.length === 0) return null;
      const worst = Math.max(...found.map((r) => r.ratio_vs_knex!));
      return {
        value: found.map((r) => `${r.workload} ${format(r.ratio_vs_knex!)}`).join(', '),
        holds: worst <= limit,
      };
    },
  };
}

/** The issue's targets for the layer, as median ratios within one run. */
export const TARGETS: Target[] = [
  ratioTarget('eager loading', /^eager-/, 1.1),
  ratioTarget('primary-key lookup', /^pk-lookup$/, 1.3),
  ratioTarget('graph insert', /^graph-insert-/, 1.5),
  ratioTarget('graph upsert', /^graph-upsert-/, 2.0),
  ratioTarget('cascade delete (vs one DELETE + ON DELETE CASCADE)', /^cascade-delete-/, 2.0),
  {
    name: 'HTTP requests/s (vs a hand-written Express + Knex handler)',
    limit: '≥ 0.80 × Express + Knex',
    check(rows, dialect) {
      const found = layerRows(rows, dialect, /^http-/).filter((r) => r.ratio_vs_knex !== null);
      if (found.length === 0) return null;
      return {
        value: found.map((r) => `${r.workload} ${format(r.ratio_vs_knex!)}`).join(', '),
        holds: found.every((r) => r.ratio_vs_knex! >= 0.8),
      };
    },
  },
  {
    name: 'memory: peak heap and RSS growth while eager-loading 100k products',
    limit: '≤ 1.50 × knex',
    check(rows, dialect) {
      const found = layerRows(rows, dialect, /^memory-/).filter(
        (r) => r.peak_heap_ratio_vs_knex !== undefined && r.peak_rss_mb !== undefined,
      );
      if (found.length === 0) return null;
      // RSS growth can be 0 MB for Knex (V8 reuses memory the process already holds), where a
      // ratio means nothing: then the layer's growth is compared in megabytes.
      const knexRss = (r: ResultRow) =>
        rows.find(
          (k) => k.workload === r.workload && k.dialect === dialect && k.contender === 'knex',
        )?.peak_rss_mb ?? 0;
      const rss = (r: ResultRow) =>
        r.peak_rss_ratio_vs_knex !== undefined
          ? format(r.peak_rss_ratio_vs_knex)
          : `+${r.peak_rss_mb!.toFixed(0)} MB vs Knex's +${knexRss(r).toFixed(0)} MB`;
      const rssHolds = (r: ResultRow) =>
        r.peak_rss_ratio_vs_knex !== undefined
          ? r.peak_rss_ratio_vs_knex <= 1.5
          : r.peak_rss_mb! <= 1.5 * knexRss(r) + 0.5;
      return {
        value: found
          .map((r) => `heap ${format(r.peak_heap_ratio_vs_knex!)}, RSS ${rss(r)}`)
          .join('; '),
        holds: found.every((r) => r.peak_heap_ratio_vs_knex! <= 1.5 && rssHolds(r)),
      };
    },
  },
  {
    name: 'faster than Sequelize and TypeORM',
    limit: 'every shared workload',
    check(rows, dialect) {
      const slower = rows.filter((r) => {
        if (r.dialect !== dialect || (r.contender !== 'sequelize' && r.contender !== 'typeorm'))
          return false;
        const layer = rows.find(
          (l) => l.dialect === dialect && l.workload === r.workload && l.contender === 'layer',
        );
        return layer !== undefined && layer.median_ms >= r.median_ms;
      });
      const compared = rows.filter(
        (r) => r.dialect === dialect && (r.contender === 'sequelize' || r.contender === 'typeorm'),
      );
      if (compared.length === 0) return null;
      return {
        value:
          slower.length === 0
            ? `faster in all ${compared.length}`
            : `slower in ${slower.map((r) => `${r.workload} (${r.contender})`).join(', ')}`,
        holds: slower.length === 0,
      };
    },
  },
];
