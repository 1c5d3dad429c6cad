export type { Store } from './port.js';
export { StoreConflictError, StoreRecordError, type SchoolStanding } from './port.js';
export * from './records.js';
export { FileStore, StoreUnavailableError } from './file-store.js';
export { MemoryStore } from './memory.js';
export { DEFAULT_STORE_FILE, openStore, storeFile, type OpenedStore, type OpenStoreOptions } from './open.js';
export { emptyStoreData, StoreCorruptError } from './file.js';
export { isStoreFault, StoreFaultError, watchStore, type WatchedStore } from './fault.js';
export { StoreSetAsideError } from './open.js';
