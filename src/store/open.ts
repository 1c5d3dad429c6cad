/**
 * Which store file to use, and what to do when it is corrupt. By default a corrupt file stops
 * the opener: it has been moved aside and the error says where, so a person can look before
 * anything new is written. `ifCorrupt: 'start_empty'` opens an empty store in its place
 * instead and hands the error back, for a caller that reports it and carries on.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LowdbStore } from './lowdb.js';
import { StoreCorruptError } from './port.js';

/** `data/termly.db.json` in the project, whatever the working directory, so the bot and the CLI share it. */
export const DEFAULT_STORE_FILE = fileURLToPath(new URL('../../data/termly.db.json', import.meta.url));

export interface OpenStoreOptions {
  /** Overrides TERMLY_STORE. */
  file?: string;
  env: Record<string, string | undefined>;
  ifCorrupt?: 'throw' | 'start_empty';
}

export interface OpenedStore {
  store: LowdbStore;
  file: string;
  /** Set when the file was corrupt, moved aside, and an empty store opened in its place. */
  movedAside: StoreCorruptError | null;
}

/** The store file: `file`, else TERMLY_STORE (relative to the working directory), else the default. */
export function storeFile(options: Pick<OpenStoreOptions, 'file' | 'env'>): string {
  const chosen = options.file ?? options.env.TERMLY_STORE?.trim();
  if (!chosen) return DEFAULT_STORE_FILE;
  return isAbsolute(chosen) ? chosen : resolve(chosen);
}

export async function openStore(options: OpenStoreOptions): Promise<OpenedStore> {
  const file = storeFile(options);
  try {
    return { store: await LowdbStore.open(file), file, movedAside: null };
  } catch (e) {
    if (!(e instanceof StoreCorruptError) || options.ifCorrupt !== 'start_empty') throw e;
    return { store: await LowdbStore.open(file), file, movedAside: e };
  }
}
