/** Where the outbox says what it could not do; a condition that persists is said once. */

export interface OutboxLog {
  info(message: string): void;
  warn(message: string): void;
}

export const SILENT_LOG: OutboxLog = { info: () => undefined, warn: () => undefined };

/** Warns once per key: a condition that lasts (a platform not connected, no term dates ahead) would otherwise repeat every dispatch. */
export type WarnOnce = (key: string, text: string) => void;

export function warnOnce(log: OutboxLog): WarnOnce {
  const warned = new Set<string>();
  return (key, text) => {
    if (warned.has(key)) return;
    warned.add(key);
    log.warn(text);
  };
}
