import type { Session } from './backend';

/** What formatting and metadata need to know about a Postgres type. */
export interface PgType {
  oid: number;
  /** `typname`, e.g. `int8`, `timestamptz`, `_int4` for arrays. */
  name: string;
  /** Element type oid for arrays, 0 otherwise. */
  elem: number;
  /** `typtype`: b(ase), e(num), d(omain), c(omposite), r(ange), p(seudo), m(ultirange). */
  kind: string;
  /** Base type oid for domains, 0 otherwise. */
  base: number;
}

/**
 * Caches `pg_type` rows per backend. Lookups run on the session that produced the result, so a
 * type created in a still-open transaction is visible.
 */
export class TypeCatalog {
  readonly #types = new Map<number, PgType>();

  get(oid: number): PgType | undefined {
    return this.#types.get(oid);
  }

  /** Loads the given oids, their array elements and domain bases, recursively. */
  async load(session: Session, oids: Iterable<number>): Promise<void> {
    let missing = [...new Set(oids)].filter((oid) => oid > 0 && !this.#types.has(oid));
    while (missing.length > 0) {
      const result = await session.query(
        'SELECT oid::int8, typname::text, typelem::int8, typtype::text, typbasetype::int8 ' +
          'FROM pg_catalog.pg_type WHERE oid = ANY($1::oid[])',
        [`{${missing.join(',')}}`],
      );
      const next: number[] = [];
      for (const row of result.rows) {
        const type: PgType = {
          oid: Number(row[0]),
          name: String(row[1]),
          elem: Number(row[2]),
          kind: String(row[3]),
          base: Number(row[4]),
        };
        this.#types.set(type.oid, type);
        next.push(type.elem, type.base);
      }
      for (const oid of missing) {
        // Unknown to the catalog (should not happen); remember so we do not ask again.
        if (!this.#types.has(oid)) {
          this.#types.set(oid, { oid, name: 'unknown', elem: 0, kind: 'b', base: 0 });
        }
      }
      missing = next.filter((oid) => oid > 0 && !this.#types.has(oid));
    }
  }

  /** Follows domains down to their base type. */
  resolve(oid: number): PgType | undefined {
    let type = this.#types.get(oid);
    for (let depth = 0; type && type.kind === 'd' && type.base > 0 && depth < 10; depth++) {
      type = this.#types.get(type.base);
    }
    return type;
  }

  /** Array element type (after resolving domains), or undefined when `oid` is no array. */
  elementOf(oid: number): PgType | undefined {
    const type = this.resolve(oid);
    if (!type || type.elem === 0 || !type.name.startsWith('_')) return undefined;
    return this.resolve(type.elem);
  }
}
