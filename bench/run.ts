/**
 * `npm run bench -- <name> [options]`: runs one benchmark and prints its report; the last
 * line is the result. Benchmarks time real work, so they live here, never among the tests.
 */
import { cardsBench } from './cards.js';
import { remindersBench } from './reminders.js';
import { replicasBench } from './replicas.js';
import { statusBench } from './status.js';
import { writesBench } from './writes.js';

const BENCHES: Record<string, { about: string; run: (args: string[]) => Promise<string> }> = {
  reminders: { about: '1,000 heads\' reminders through the outbox to a fake Bot Connector with Teams\' limits', run: remindersBench },
  status: { about: '/status <school> and the trust overview through the Teams door against an echo bot, at 6, 100x10 and 500x10; the file store and PostgreSQL (--store, --trusts)', run: statusBench },
  writes: { about: 'a draft step\'s and a submission\'s write latency, and the store on disk, at 1, 5 and 10 years of history; the file store and PostgreSQL (--store)', run: writesBench },
  replicas: { about: 'reminder fan-out across replicas sharing a PostgreSQL database (5,000 heads, 3 replicas) to a fake Bot Connector with Teams\' limits', run: replicasBench },
  cards: { about: 'a card from a template compiled once against one parsed for every card', run: cardsBench },
};

const [name, ...args] = process.argv.slice(2);
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  process.stderr.write(`${name ? `There is no benchmark "${name}".` : 'Name a benchmark.'} Available:\n${Object.entries(BENCHES).map(([n, b]) => `  ${n}  ${b.about}`).join('\n')}\n`);
  process.exit(2);
}
try {
  process.stdout.write(`${await bench.run(args)}\n`);
} catch (e) {
  process.stderr.write(`bench ${name}: ${(e as Error).message}\n`);
  process.exit(1);
}
