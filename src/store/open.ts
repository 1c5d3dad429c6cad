/**
 * Which store file to use, and what to do when it is corrupt. By default a corrupt file stops
 * the opener: it has been moved aside and the error says where, so a person can look before
 * anything new is written. `ifCorrupt: 'start_empty'` opens an empty store in its place
 * instead and hands the error back, for a caller that reports it and carries on.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileStore } from './file-store.js';
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
  store: FileStore;
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
    return { store: await FileStore.open(file), file, movedAside: null };
  } catch (e) {
    if (!(e instanceof StoreCorruptError) || options.ifCorrupt !== 'start_empty') throw e;
    return { store: await FileStore.open(file), file, movedAside: e };
  }
}

/**
 * The store file is missing but a copy of it was moved aside as corrupt: starting on an empty
 * store now would bury what the trust had. A person must look first.
 */
export class StoreSetAsideError extends Error {
  readonly code = 'STORE_SET_ASIDE';
  constructor(readonly file: string, readonly movedTo: string) {
    super(`the store file ${file} is missing, and ${movedTo} holds what it last held (it was moved aside as corrupt). Put a good copy back at ${file}, or move ${movedTo} elsewhere to start with an empty store.`);
    this.name = 'StoreSetAsideError';
  }
}

/** The newest `<file>.corrupt-<time>` beside a store file, or null. */
export function setAsideCopy(file: string): string | null {
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return null;
  }
  const prefix = `${basename(file)}.corrupt-`;
  const copies = names.filter((n) => n.startsWith(prefix)).sort();
  return copies.length ? join(dirname(file), copies.at(-1)!) : null;
}
