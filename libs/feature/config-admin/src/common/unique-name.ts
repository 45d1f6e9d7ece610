import { RequestException } from '@axiom/platform-http';

/** 409 when another row of the store already has this name (the unique index is the last word). */
export async function assertNameFree(
  store: { nameTaken(name: string, exceptId?: number): Promise<boolean> },
  kind: string,
  name: string,
  exceptId?: number,
): Promise<void> {
  if (await store.nameTaken(name, exceptId)) throw RequestException.nameTaken(kind, name);
}

/** The row of this id, or a 404 naming it. */
export async function findOr404<E>(
  store: { findById(id: number): Promise<E | null> },
  kind: string,
  id: number,
): Promise<E> {
  const row = await store.findById(id);
  if (!row) throw RequestException.notFound(kind, id);
  return row;
}
