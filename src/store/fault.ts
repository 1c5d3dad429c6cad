/**
 * A store that stops being usable while the bot runs (its file corrupted, unreadable, or the
 * disk refusing writes) must not be written around: the first such failure is a fault, reported
 * once, and from then on every write and read is refused with StoreFaultError, which says so in
 * plain words. Only the trust and the conversations last read are still answered (from memory),
 * so the fault itself can be reported to leadership.
 */
import { StoreUnavailableError } from './file-store.js';
import { StoreCorruptError } from './file.js';
import type { Store } from './port.js';

export class StoreFaultError extends Error {
  readonly code = 'STORE_FAULT';
  constructor(readonly reason: string) {
    super(`the store cannot be used: ${reason}`);
    this.name = 'StoreFaultError';
  }
}

/** File-system refusals that no retry will mend while the bot runs. */
const FAULT_CODES = new Set(['EACCES', 'EPERM', 'EIO', 'EISDIR', 'ENOTDIR', 'EROFS', 'ENOSPC', 'EDQUOT']);

/** Whether an error from the store is a fault of the store itself, rather than a refused record or a busy lock. */
export function isStoreFault(e: unknown): boolean {
  if (e instanceof StoreFaultError || e instanceof StoreCorruptError) return true;
  if (e instanceof StoreUnavailableError) return /^the store file .* cannot be used: writing failed/.test(e.message);
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && FAULT_CODES.has(code) && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

function reasonOf(e: unknown): string {
  if (e instanceof StoreCorruptError) return `the store file was found corrupt and moved to ${e.movedTo}`;
  if (e instanceof Error) return e.message.split('\n')[0]!;
  return String(e);
}

export interface WatchedStore extends Store {
  /** The fault, once there has been one. */
  fault(): StoreFaultError | null;
}

/** Wraps a store so that its first fault calls `onFault` (once) and stops it. */
export function watchStore(store: Store, onFault: (fault: StoreFaultError, cause: unknown) => void): WatchedStore {
  let fault: StoreFaultError | null = null;
  let trust: Awaited<ReturnType<Store['getTrust']>> = null;
  const conversations = new Map<string, Awaited<ReturnType<Store['getConversation']>>>();
  const conversationKey = (key: unknown, platform: unknown) => `${String(platform)}:${String(key)}`;

  const remember = (method: string, args: unknown[], result: unknown) => {
    if (method === 'getTrust') trust = structuredClone(result as typeof trust);
    if (method === 'saveTrust') trust = structuredClone(args[0] as typeof trust);
    if (method === 'getConversation') conversations.set(conversationKey(args[0], args[1]), structuredClone(result as Awaited<ReturnType<Store['getConversation']>>));
    if (method === 'saveConversation') {
      const c = args[0] as NonNullable<Awaited<ReturnType<Store['getConversation']>>>;
      conversations.set(conversationKey(c.key, c.platform), structuredClone(c));
    }
  };
  const afterFault = (method: string, args: unknown[]): unknown => {
    if (method === 'getTrust') return structuredClone(trust);
    if (method === 'getConversation') return structuredClone(conversations.get(conversationKey(args[0], args[1])) ?? null);
    throw fault;
  };

  const watched = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'fault') return () => fault;
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return async (...args: unknown[]) => {
        if (fault) return afterFault(prop, args);
        try {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          remember(prop, args, result);
          return result;
        } catch (e) {
          if (!isStoreFault(e)) throw e;
          if (!fault) {
            fault = e instanceof StoreFaultError ? e : new StoreFaultError(reasonOf(e));
            onFault(fault, e);
          }
          throw fault;
        }
      };
    },
  });
  return watched as WatchedStore;
}
