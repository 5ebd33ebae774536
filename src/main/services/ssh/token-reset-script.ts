/**
 * The Python scripts piped into the controller's Django shell (`manage.py shell` on the remote side), and the parser
 * of their one result line. Pure functions, no I/O.
 *
 * SAFETY — data never becomes code:
 * - The remote COMMAND is fixed operator configuration; nothing here goes into it.
 * - The script TEXT is fixed. The only variable part is the request (`{"username": …, "nonce": …}`) as JSON, encoded
 *   as base64 and embedded as a single-quoted Python string literal. base64's alphabet (A–Z a–z 0–9 + / =) contains no
 *   quote, backslash or newline, so it cannot leave the literal; the script decodes it and `json.loads` it, and uses
 *   the username only as a value in an ORM filter. (The username is also validated against USERNAME_RE first.)
 * - The result line is `DEIS-ADMIN-RESULT <nonce> <json>`. The script builds it at run time from two pieces and the
 *   decoded nonce, so the script text itself never contains it: an echo of the script (a TTY, `-t`) cannot match.
 *
 * ONE script, TWO shells:
 * (a) Django ≥ 2 (Workflow, the test controller's `shell`): piped stdin is executed as a whole file.
 * (b) Django 1.6 (every Deis v1; no `shell -c`): `code.interact` reads stdin line by line and prints `>>> ` / `... `
 *     prompts. So every statement is a single line (compound statements included: `def f(): a; b`,
 *     `class C(object): x = …`, `with A(), B(): f()`), each followed by a blank line, and nothing is a multi-line
 *     block. Errors are caught without try/except blocks by a one-line context manager (`_DaGuard`) whose __exit__
 *     reports the exception as a result line and suppresses it.
 * The syntax is valid Python 2.7 AND Python 3 (no f-strings, no print statement/function, `class X(object)`), since
 * Deis v1 runs Python 2. Django ≥ 1.6 APIs only (`get_user_model`, `QuerySet.first`, `transaction.atomic`).
 *
 * Token policy: the user's Token rows are deleted and ONE fresh Token is created, in one transaction; the new key is
 * never printed. When the user had no token, one is created too (status "no-token"): Deis's `create_auth_token`
 * post_save signal gives every user a Token, and v1.8+ `auth/tokens/` answers 500 for a user without one
 * (deis-api.md §5), so restoring that invariant is the safe state. The user's next login returns the fresh key
 * (`obtain_auth_token` is get_or_create).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { USERNAME_RE } from '../../../shared/domain';

export const RESULT_TAG = 'DEIS-ADMIN-RESULT';
const NONCE_RE = /^[0-9a-f]{16,64}$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

function b64Payload(payload: Record<string, string>): string {
  const b64 = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64');
  // Defence in depth: the literal below is safe only because of this alphabet.
  if (!BASE64_RE.test(b64)) throw new AppError('INTERNAL', 'Could not encode the request for the remote script.', '');
  return b64;
}

function assertNonce(nonce: string): void {
  if (!NONCE_RE.test(nonce)) throw new AppError('INTERNAL', 'Invalid nonce for the remote script.', '');
}

/** Lines shared by every script: decode the request, emit the result line, catch errors without blocks. */
function prelude(b64: string): string[] {
  // The tag is split in the source ('DEIS-ADMIN-' + 'RESULT ') so the script text never contains it.
  const [tagHead, tagTail] = [RESULT_TAG.slice(0, 11), RESULT_TAG.slice(11)];
  return [
    'import base64, json, sys',
    `_da_req = json.loads(base64.b64decode('${b64}').decode('utf-8'))`,
    `def _da_emit(d): sys.stdout.write('\\n' + '${tagHead}' + '${tagTail} ' + str(_da_req['nonce']) + ' ' + json.dumps(d, sort_keys=True) + '\\n'); sys.stdout.flush()`,
    "def _da_fail(t, v): _da_emit({'status': 'error', 'error': str(t.__name__), 'message': ('%s' % (v,))[:500]}); return True",
    'class _DaGuard(object): __enter__ = lambda self: self; __exit__ = lambda self, t, v, tb: t is not None and _da_fail(t, v)',
  ];
}

/** Every line followed by a blank line (ends compound statements in the interactive console, harmless in a file). */
function assemble(lines: string[]): string {
  for (const l of lines) {
    if (/[\r\n\t]/.test(l) || /^\s/.test(l)) throw new AppError('INTERNAL', 'Malformed remote script line.', '');
  }
  return lines.map((l) => `${l}\n\n`).join('');
}

export interface TokenResetRequest {
  username: string;
  nonce: string;
}

/**
 * The token-reset script. The username is validated against USERNAME_RE unless `skipUsernameValidation` is set —
 * which exists ONLY so tests can prove that even an unvalidated hostile name stays data.
 */
export function buildTokenResetScript(req: TokenResetRequest, opts: { skipUsernameValidation?: boolean } = {}): string {
  if (!opts.skipUsernameValidation && !USERNAME_RE.test(req.username)) {
    throw new AppError('INVALID_INPUT', 'This is not a valid Deis username.', 'A username may contain only letters, digits and @ . + - _ (1–150 characters).', { field: 'username' });
  }
  assertNonce(req.nonce);
  const b64 = b64Payload({ username: req.username, nonce: req.nonce });
  return assemble([
    ...prelude(b64),
    // Delete every Token of the user and create one fresh Token, atomically; return how many were deleted.
    'def _da_swap(Token, u): n = Token.objects.filter(user=u).count(); Token.objects.filter(user=u).delete(); Token.objects.create(user=u); return n',
    "def _da_reissue(Token, transaction, u): n = transaction.atomic(_da_swap)(Token, u); _da_emit({'status': ('reissued' if n > 0 else 'no-token'), 'deleted': n, 'created': True})",
    "def _da_run(User, Token, transaction): u = User.objects.filter(username=_da_req['username']).first(); _da_emit({'status': 'no-user'}) if u is None else _da_reissue(Token, transaction, u)",
    'def _da_main(): from django.contrib.auth import get_user_model; from rest_framework.authtoken.models import Token; from django.db import transaction; _da_run(get_user_model(), Token, transaction)',
    'with _DaGuard(): _da_main()',
  ]);
}

/** A harmless script for "Test connection": versions and whether DRF's authtoken app is installed. Writes nothing. */
export function buildProbeScript(nonce: string): string {
  assertNonce(nonce);
  const b64 = b64Payload({ nonce });
  return assemble([
    ...prelude(b64),
    "def _da_apps(): from django.conf import settings; return list(settings.INSTALLED_APPS)",
    "def _da_probe(): import django, platform; apps = _da_apps(); _da_emit({'status': 'ok', 'python': platform.python_version(), 'django': django.get_version(), 'authtoken': 'rest_framework.authtoken' in apps, 'settings': str(__import__('os').environ.get('DJANGO_SETTINGS_MODULE', ''))})",
    'with _DaGuard(): _da_probe()',
  ]);
}

/**
 * Finds the result line for `nonce` in stdout and returns its JSON object, or null when there is none.
 * Tolerates console prompts before the tag (`>>> >>> ... DEIS-ADMIN-RESULT …`) and CRLF.
 */
export function findResult(stdout: string, nonce: string): Record<string, unknown> | null {
  const needle = `${RESULT_TAG} ${nonce} `;
  let found: Record<string, unknown> | null = null;
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const at = line.indexOf(needle);
    if (at < 0) continue;
    try {
      const v: unknown = JSON.parse(line.slice(at + needle.length));
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) found = v as Record<string, unknown>;
    } catch {
      /* not ours */
    }
  }
  return found;
}

export const TokenResetMarker = z.discriminatedUnion('status', [
  z.object({ status: z.literal('reissued'), deleted: z.number().int(), created: z.boolean() }),
  z.object({ status: z.literal('no-token'), deleted: z.number().int(), created: z.boolean() }),
  z.object({ status: z.literal('no-user') }),
  z.object({ status: z.literal('error'), error: z.string(), message: z.string() }),
]);
export type TokenResetMarker = z.infer<typeof TokenResetMarker>;

export const ProbeMarker = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), python: z.string(), django: z.string(), authtoken: z.boolean(), settings: z.string() }),
  z.object({ status: z.literal('error'), error: z.string(), message: z.string() }),
]);
export type ProbeMarker = z.infer<typeof ProbeMarker>;
