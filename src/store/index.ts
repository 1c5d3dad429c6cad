export type { Store } from './port.js';
export { StoreConflictError, StoreCorruptError, StoreRecordError } from './port.js';
export * from './records.js';
export { FileStore, StoreUnavailableError } from './file-store.js';
export { MemoryStore } from './memory.js';
export { DEFAULT_STORE_FILE, openStore, storeFile, type OpenedStore, type OpenStoreOptions } from './open.js';
export { emptyStoreData } from './file.js';
export { isStoreFault, StoreFaultError, watchStore, type WatchedStore } from './fault.js';
export { StoreSetAsideError } from './open.js';
