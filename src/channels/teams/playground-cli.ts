/**
 * `npm run playground -- <persona> [port]`: another Agents Playground beside a running
 * `npm start`, as another person of .m365agentsplayground.yml (id, name or aadObjectId), so
 * two people can take part in one review at once. Ctrl-C stops it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '../../config.js';
import { MESSAGES_PATH } from './http.js';
import { personas, PLAYGROUND_CONFIG, PlaygroundError, startPlayground } from './playground.js';

const [persona, portArg] = process.argv.slice(2);
if (existsSync('.env')) process.loadEnvFile('.env');

function fail(message: string): never {
  process.stderr.write(`playground: ${message}\n`);
  process.exit(1);
}

if (!persona) {
  fail(`say who to be: npm run playground -- <persona> [port]\npersonas: ${personas(PLAYGROUND_CONFIG, readFileSync(PLAYGROUND_CONFIG, 'utf8')).map((p) => `${p.id} (${p.name})`).join(', ')}`);
}
const port = portArg === undefined ? 56151 : Number(portArg);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`the port must be a whole number from 1 to 65535, got ${JSON.stringify(portArg)}`);

let endpoint: string;
try {
  const config = loadConfig(process.env);
  if (config.mode !== 'local') fail('the playground is for local mode; Teams credentials are set in the environment.');
  endpoint = `http://${config.host}:${config.port}${MESSAGES_PATH}`;
} catch (e) {
  if (e instanceof ConfigError) fail(e.message);
  throw e;
}

try {
  const playground = await startPlayground({ endpoint, port, persona, openBrowser: true });
  process.stdout.write(`playground: ${playground.url} (as ${playground.persona.name}) talking to ${endpoint}\nPress Ctrl-C to stop.\n`);
  const stop = () => void playground.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof PlaygroundError) fail(e.message);
  throw e;
}
