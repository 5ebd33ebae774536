/**
 * zod compiles fast parsers with `new Function` when it can, and probes for that by trying once. Under the
 * renderer's Content-Security-Policy (no 'unsafe-eval') the probe is reported as a CSP violation, so every bundle
 * that runs in a page (the preload, the browser host's bridge) turns the compiler off before any schema exists.
 * Main keeps it on.
 */
import { config } from 'zod';

config({ jitless: true });
