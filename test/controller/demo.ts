/**
 * `npm run demo:controller [-- --flavour v1|v1-legacy|v2|drycc] [--users N] [--admins M]
 *   [--latency MS] [--https] [--registration enabled|disabled|admin_only]`
 *
 * Starts a seeded test controller (default: v2, 250 users, 3 admins) to point Deis Admin
 * at, prints how to log in, and runs until Ctrl+C. The passwords printed are the fixed
 * demo passwords of the seed data (see README.md), nothing else.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startController, type ControllerOptions, type Flavour } from './harness';

const FLAVOURS: Flavour[] = ['v1', 'v1-legacy', 'v2', 'drycc'];
const MODES = ['enabled', 'disabled', 'admin_only'] as const;

function fail(msg: string): never {
  console.error(`demo:controller: ${msg}`);
  process.exit(2);
}

function count(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a whole number >= 0, not ${JSON.stringify(value)}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      flavour: { type: 'string', default: 'v2' },
      users: { type: 'string' },
      admins: { type: 'string' },
      latency: { type: 'string' },
      https: { type: 'boolean', default: false },
      registration: { type: 'string', default: 'enabled' },
    },
  });
  const flavour = values.flavour as Flavour;
  if (!FLAVOURS.includes(flavour)) fail(`--flavour must be one of ${FLAVOURS.join(', ')}`);
  const registrationMode = values.registration as ControllerOptions['registrationMode'];
  if (!MODES.includes(registrationMode as (typeof MODES)[number])) fail(`--registration must be one of ${MODES.join(', ')}`);
  const users = count('users', values.users, 250);
  const admins = count('admins', values.admins, 3);

  // Ctrl+C while seeding: exit at once; the harness's exit hook kills the server.
  let stop = (): void => process.exit(130);
  process.on('SIGINT', () => stop());
  process.on('SIGTERM', () => stop());

  console.log(`Starting a ${flavour} test controller with ${users} users and ${admins} admins...`);
  const c = await startController({
    flavour,
    latencyMs: count('latency', values.latency, 0),
    https: values.https,
    registrationMode,
    seed: { users, admins },
  });
  if (c.caPem) writeFileSync(join(c.dir, 'ca.pem'), c.caPem);

  const lines = [
    '',
    `  Controller URL : ${c.url}   (API under ${c.apiPrefix}/)`,
    admins > 0 ? '  Admin login    : admin / admin-pass' : '  Admin login    : (no admins seeded)',
    users > 0 ? '  User login     : user00001 / user-pass' : '  User login     : (no users seeded)',
    `  Registration   : ${registrationMode}`,
  ];
  if (c.caPem) lines.push(`  TLS            : self-signed, CA file ${join(c.dir, 'ca.pem')}`);
  lines.push(
    `  Django shell   : ${Object.entries(c.env).map(([k, v]) => `${k}=${v}`).join(' ')} /usr/bin/python3 ${c.managePy} shell`,
    '',
    'Press Ctrl+C to stop (the temporary database is deleted).',
  );
  console.log(lines.join('\n'));

  let stopping = false;
  stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping...');
    c.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
