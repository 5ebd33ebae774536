/**
 * Controller answers and transport failures → AppError (deis-api.md §1, §14.4, §14.5).
 * Never put a token (or the Authorization header, or an axios config) into a message, hint or details.
 */
import { AppError } from '../../../shared/errors';

export type Operation =
  | 'probe'
  | 'login'
  | 'register'
  | 'whoami'
  | 'cancel'
  | 'passwd'
  | 'regenerateToken'
  | 'listUsers'
  | 'listAdmins'
  | 'promote'
  | 'demote'
  | 'enable'
  | 'disable';

export interface ErrorContext {
  op: Operation;
  /** The controller base URL (no credentials), for messages. */
  url: string;
  method?: string;
  path?: string;
  /** The user the operation is about, if any. */
  username?: string;
}

export type ParsedBody =
  | { kind: 'empty'; text: '' }
  | { kind: 'json'; json: unknown; text: string }
  | { kind: 'invalid-json'; text: string }
  | { kind: 'html'; text: string }
  | { kind: 'text'; text: string };

/** Classify and parse a response body. Never throws. */
export function parseBody(text: string, contentType: string | undefined): ParsedBody {
  const t = text ?? '';
  const ct = (contentType ?? '').toLowerCase();
  const trimmed = t.trim();
  if (trimmed === '') return { kind: 'empty', text: '' };
  if (ct.includes('html') || /^<(!doctype|html|head|body|\?xml|h1|title)\b/i.test(trimmed)) return { kind: 'html', text: t };
  const looksJson = ct.includes('json') || /^[[{"]/.test(trimmed) || /^(true|false|null|-?\d)/.test(trimmed);
  if (looksJson) {
    try {
      return { kind: 'json', json: JSON.parse(trimmed), text: t };
    } catch {
      if (ct.includes('json') || /^[[{"]/.test(trimmed)) return { kind: 'invalid-json', text: t };
    }
  }
  return { kind: 'text', text: t };
}

export interface ExtractedMessage {
  /** The main human message from the body, if any. */
  message: string | null;
  /** Field errors ({"email":["…"]}), without non_field_errors. */
  fields?: Record<string, string[]>;
  /** non_field_errors. */
  nonField?: string[];
}

function asStrings(v: unknown): string[] | null {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.map(String);
  return null;
}

/** Every body shape the controllers produce: {"detail"}, field maps, non_field_errors, a bare string, {"error"}. */
export function extractMessage(body: ParsedBody): ExtractedMessage {
  if (body.kind !== 'json') {
    if (body.kind === 'text') return { message: body.text.trim().slice(0, 300) || null };
    if (body.kind === 'html') {
      const title = /<title>([^<]{1,200})<\/title>/i.exec(body.text)?.[1]?.trim();
      return { message: title ? title.replace(/\s+/g, ' ') : null };
    }
    return { message: null };
  }
  const j = body.json;
  if (typeof j === 'string') return { message: j };
  if (Array.isArray(j)) {
    const s = asStrings(j);
    return { message: s ? s.join(' ') : null };
  }
  if (j === null || typeof j !== 'object') return { message: j === null ? null : String(j) };
  const o = j as Record<string, unknown>;
  if (typeof o.detail === 'string') return { message: o.detail };
  if (typeof o.error === 'string') return { message: o.error };
  const fields: Record<string, string[]> = {};
  let nonField: string[] | undefined;
  for (const [k, v] of Object.entries(o)) {
    const s = asStrings(v);
    if (!s) continue;
    if (k === 'non_field_errors') nonField = s;
    else fields[k] = s;
  }
  const parts: string[] = [];
  if (nonField) parts.push(...nonField);
  for (const [k, v] of Object.entries(fields)) parts.push(`${k}: ${v.join(' ')}`);
  const out: ExtractedMessage = { message: parts.length ? parts.join(' ') : null };
  if (Object.keys(fields).length) out.fields = fields;
  if (nonField) out.nonField = nonField;
  return out;
}

/** The 401 messages that mean "this token no longer works" (DRF TokenAuthentication, v1 and v2 spellings). */
const TOKEN_INVALID_RE =
  /^\s*(invalid token\.?|user inactive or deleted\.?|authentication credentials were not provided\.?|invalid token header\b.*)\s*$/i;

export function isTokenInvalidMessage(message: string | null | undefined): boolean {
  return typeof message === 'string' && TOKEN_INVALID_RE.test(message);
}

const DOTTED_RE = /[.@+]/;

/** Operations whose endpoint some controllers lack (an HTML 404 then means "no such endpoint here"). */
const OPTIONAL_ENDPOINT: Partial<Record<Operation, string>> = {
  whoami: 'auth/whoami/ (Workflow v2.3+ only)',
  listUsers: 'users/ (Deis v1.6+ and every v2)',
  regenerateToken: 'auth/tokens/ (Deis v1.8+, v2, Hephy, Drycc ≤1.3)',
  enable: 'users/<name>/enable/ (Drycc 1.3+ only)',
  disable: 'users/<name>/disable/ (Drycc 1.3+ only)',
  register: 'auth/register/ (gone in Drycc 1.4+, which uses drycc-passport)',
  passwd: 'auth/passwd/ (gone in Drycc 1.4+, which uses drycc-passport)',
  cancel: 'auth/cancel/ (gone in Drycc 1.4+, which uses drycc-passport)',
  login: 'auth/login/',
};

function who(ctx: ErrorContext): string {
  return ctx.username ? `"${ctx.username}"` : 'the user';
}

function statusLabel(status: number, body: ParsedBody): string {
  return body.kind === 'html' ? `the server answered with an HTML page (HTTP ${status})` : `HTTP ${status}`;
}

/** An HTTP answer that is not a success → AppError. */
export function httpErrorToAppError(status: number, body: ParsedBody, ctx: ErrorContext): AppError {
  const details: Record<string, unknown> = { status };
  if (ctx.method) details.method = ctx.method;
  if (ctx.path) details.path = ctx.path;

  if (body.kind === 'invalid-json') {
    return new AppError(
      'BAD_RESPONSE',
      `The controller at ${ctx.url} sent a broken JSON answer (HTTP ${status}); it may have been cut off.`,
      'Try again. If it keeps happening, check the controller logs or a proxy in between.',
      details,
    );
  }
  const ex = extractMessage(body);
  const msg = ex.message;
  const withMsg = (base: string) => (msg ? `${base}: ${msg}` : `${base}.`);

  if (status === 401) {
    if (isTokenInvalidMessage(msg)) {
      return new AppError(
        'SESSION_EXPIRED',
        `Your session on ${ctx.url} has ended: the controller no longer accepts the saved token (${msg?.trim()}).`,
        'Log in again. A token stops working when it is regenerated (by you, by an administrator or by "regenerate all") or when the account is disabled or deleted.',
        details,
      );
    }
    if (ctx.op === 'passwd' || /password/i.test(msg ?? '')) {
      return new AppError('BAD_CREDENTIALS', withMsg('The current password is wrong'), 'Type the current password again. You are still logged in.', details);
    }
    return new AppError(
      'FORBIDDEN',
      withMsg(`The controller at ${ctx.url} refused the request (${statusLabel(status, body)})`),
      'A proxy or gateway in front of the controller may require its own login.',
      details,
    );
  }

  if (status === 400) {
    if (ctx.op === 'login') {
      return new AppError(
        'BAD_CREDENTIALS',
        msg && !ex.fields ? msg : 'Unable to log in with provided credentials.',
        'Check the username and password. A disabled account cannot log in either.',
        details,
      );
    }
    if (ctx.op === 'passwd' && /current password/i.test(msg ?? '')) {
      // v1.10–1.13 answers the wrong current password with 400.
      return new AppError('BAD_CREDENTIALS', withMsg('The current password is wrong'), 'Type the current password again.', details);
    }
    if (ex.fields || ex.nonField) {
      const d: Record<string, unknown> = { ...details };
      if (ex.fields) d.fields = ex.fields;
      if (ex.nonField) d.nonFieldErrors = ex.nonField;
      return new AppError('INVALID_INPUT', msg ?? 'The controller rejected the input.', 'Correct the highlighted fields and try again.', d);
    }
    return new AppError('INVALID_INPUT', withMsg('The controller rejected the request'), 'Correct the input and try again.', details);
  }

  if (status === 403) {
    if (ctx.op === 'register' && /registration is disabled/i.test(msg ?? '')) {
      return new AppError(
        'FORBIDDEN',
        `Registration is disabled on ${ctx.url}.`,
        'Ask the cluster operator to set the registration mode to "enabled" or "admin_only" (then an administrator can register users).',
        details,
      );
    }
    return new AppError(
      'FORBIDDEN',
      msg ?? 'You do not have permission to perform this action.',
      ctx.op === 'register'
        ? 'Registration on this controller needs an administrator (registration mode "admin_only"). Log in as an administrator first.'
        : 'This needs an administrator account on this controller.',
      details,
    );
  }

  if (status === 404) {
    if (body.kind === 'html') {
      if (ctx.username && DOTTED_RE.test(ctx.username) && (ctx.op === 'demote' || ctx.op === 'enable' || ctx.op === 'disable')) {
        return new AppError(
          'UNSUPPORTED_BY_CONTROLLER',
          `This controller cannot address the user "${ctx.username}" in a URL: names with ".", "@" or "+" are not accepted in its paths (Deis v1 and Workflow before v2.10).`,
          'Use the controller shell over SSH for this user, or upgrade the controller.',
          details,
        );
      }
      const ep = OPTIONAL_ENDPOINT[ctx.op];
      if (ep) {
        return new AppError(
          'UNSUPPORTED_BY_CONTROLLER',
          `This controller has no ${ep} endpoint (${statusLabel(status, body)}).`,
          'This feature is not available on this controller version.',
          details,
        );
      }
      return new AppError('NOT_FOUND', `The controller has no such address (${statusLabel(status, body)}).`, 'Check the controller URL.', details);
    }
    if (ctx.username && ['cancel', 'passwd', 'regenerateToken', 'promote', 'demote', 'enable', 'disable'].includes(ctx.op)) {
      return new AppError('NOT_FOUND', `The user ${who(ctx)} does not exist on ${ctx.url}.`, 'Refresh the users list; it may have been deleted.', {
        ...details,
        ...(msg ? { serverMessage: msg } : {}),
      });
    }
    return new AppError('NOT_FOUND', msg ?? 'Not found.', 'Refresh and try again.', details);
  }

  if (status === 405) {
    return new AppError(
      'UNSUPPORTED_BY_CONTROLLER',
      withMsg('The controller does not allow this request (HTTP 405)'),
      'This controller version does not support this action.',
      details,
    );
  }

  if (status === 409) {
    if (ctx.op === 'cancel') {
      return new AppError(
        'CONFLICT',
        `${ctx.username ? `"${ctx.username}"` : 'The account'} still owns applications, so the controller will not delete it${msg ? ` (${msg})` : ''}.`,
        'Delete the applications or transfer their ownership to another user (deis apps:transfer), then try again.',
        details,
      );
    }
    return new AppError('CONFLICT', msg ?? 'The request conflicts with the current state.', 'Refresh and try again.', details);
  }

  if (status === 422) return new AppError('INVALID_INPUT', withMsg('The controller could not process the request'), 'Correct the input and try again.', details);

  if (status === 423) {
    return new AppError(
      'LOCKED',
      ctx.op === 'disable' || ctx.op === 'enable' ? 'You cannot disable (or enable) yourself.' : withMsg('The resource is locked (HTTP 423)'),
      'Ask another administrator to do it.',
      details,
    );
  }

  if (status === 429) return new AppError('RATE_LIMITED', withMsg('The controller is rate limiting requests'), 'Wait a moment and try again.', details);

  if (status >= 500) {
    const gateway = status === 502 || status === 503 || status === 504;
    const base =
      body.kind === 'html'
        ? `The controller at ${ctx.url} failed: the server answered with an HTML page (HTTP ${status})${msg ? ` "${msg}"` : ''} instead of JSON`
        : gateway
          ? `The controller at ${ctx.url} is not available (HTTP ${status}${msg ? `: ${msg}` : ''})`
          : `The controller at ${ctx.url} failed (HTTP ${status}${msg ? `: ${msg}` : ''})`;
    return new AppError(
      'SERVER_ERROR',
      `${base}.`,
      gateway ? 'The controller or its router may be restarting. Try again in a minute.' : 'This is a server-side error; the controller logs say why. Try again later.',
      details,
    );
  }

  if (status >= 300 && status < 400) {
    return new AppError(
      'BAD_RESPONSE',
      `The controller answered with a redirect (HTTP ${status}).`,
      'Check the controller URL (http vs https, path).',
      details,
    );
  }

  return new AppError('BAD_RESPONSE', withMsg(`Unexpected answer from the controller (${statusLabel(status, body)})`), 'Try again; if it persists, check the controller.', details);
}

/** A success status whose body is not what we expected. */
export function badResponse(ctx: ErrorContext, what: string, status?: number): AppError {
  return new AppError(
    'BAD_RESPONSE',
    `The controller at ${ctx.url} sent an unexpected answer: ${what}.`,
    'Check that the URL points at a Deis controller and that no proxy rewrites its answers.',
    status === undefined ? undefined : { status },
  );
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'EHOSTDOWN',
  'ENETDOWN',
  'ERR_SOCKET_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ECONNABORTED_BY_PEER',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'UND_ERR_CONNECT_TIMEOUT']);
const TLS_UNTRUSTED_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

function errCodes(err: unknown): string[] {
  const out: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') out.push(code);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

function errMessages(err: unknown): string {
  const out: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const m = (e as { message?: unknown }).message;
    if (typeof m === 'string') out.push(m);
    e = (e as { cause?: unknown }).cause;
  }
  return out.join(' | ');
}

export interface TransportErrorContext extends ErrorContext {
  /** Our own total-time deadline fired. */
  timedOut?: boolean;
  /** The caller's signal fired. */
  cancelled?: boolean;
  totalTimeoutMs?: number;
  connectTimeoutMs?: number;
  maxResponseBytes?: number;
  /** The proxy in use, if any (no credentials). */
  proxy?: string | null;
}

/** A failure below HTTP (network, TLS, timeouts, cancellation, size limit) → AppError. */
export function transportErrorToAppError(err: unknown, ctx: TransportErrorContext): AppError {
  if (err instanceof AppError) return err;
  const codes = errCodes(err);
  const text = errMessages(err);
  const details: Record<string, unknown> = {};
  if (codes[0]) details.code = codes[0];
  if (ctx.method) details.method = ctx.method;
  if (ctx.path) details.path = ctx.path;
  let host = ctx.url;
  try {
    host = new URL(ctx.url).host;
  } catch {
    /* keep */
  }

  if (ctx.timedOut) {
    return new AppError(
      'TIMEOUT',
      `The controller at ${ctx.url} did not answer within ${Math.round((ctx.totalTimeoutMs ?? 0) / 1000)} s.`,
      'The controller may be overloaded or the network slow. Try again, or raise the timeout in the profile settings.',
      details,
    );
  }
  if (ctx.cancelled || codes.includes('ERR_CANCELED') || (err as { name?: string })?.name === 'CanceledError' || (err as { name?: string })?.name === 'AbortError') {
    return new AppError('CANCELLED', 'The request was cancelled.', '', details);
  }
  if (/maxContentLength size of/i.test(text) || codes.includes('ERR_RESPONSE_TOO_LARGE')) {
    return new AppError(
      'BAD_RESPONSE',
      `The controller's answer is larger than the ${Math.round((ctx.maxResponseBytes ?? 0) / 1048576)} MB limit; it was not read.`,
      'Check that the URL points at a Deis controller. For very large user lists, lower the page size.',
      { ...details, maxResponseBytes: ctx.maxResponseBytes },
    );
  }
  if (codes.includes('EPROXY')) {
    return new AppError(
      'UNREACHABLE',
      `Could not reach the controller through the proxy: ${text.split(' | ')[0]}.`,
      'Check HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and the proxy credentials), or add the controller to NO_PROXY.',
      details,
    );
  }
  const tlsUntrusted = codes.find((c) => TLS_UNTRUSTED_CODES.has(c));
  if (tlsUntrusted) {
    return new AppError(
      'TLS_UNTRUSTED',
      `The certificate of ${host} is not trusted (${tlsUntrusted === 'DEPTH_ZERO_SELF_SIGNED_CERT' || tlsUntrusted === 'SELF_SIGNED_CERT_IN_CHAIN' ? 'self-signed' : 'unknown certificate authority'}).`,
      "Import the controller's CA certificate (PEM) into this profile or, at your own risk, turn certificate verification off.",
      { ...details, code: tlsUntrusted },
    );
  }
  const tlsOther = codes.find((c) => /CERT|^ERR_TLS|^ERR_SSL|^EPROTO$/.test(c));
  if (tlsOther || /SSL routines|wrong version number|certificate/i.test(text)) {
    const code = tlsOther ?? 'TLS';
    let what = 'the secure (TLS) connection failed';
    let hint = 'Check the controller URL and its certificate.';
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      what = `its certificate is not valid for the name "${host.replace(/:\d+$/, '')}"`;
      hint = 'Use the host name the certificate was issued for, or have the certificate reissued.';
    } else if (code === 'CERT_HAS_EXPIRED') {
      what = 'its certificate has expired';
      hint = "Renew the controller's certificate, or check this computer's clock.";
    } else if (code === 'CERT_NOT_YET_VALID') {
      what = 'its certificate is not valid yet';
      hint = "Check this computer's clock.";
    } else if (/wrong version number|packet length too long|EPROTO/i.test(text + code)) {
      what = 'the server does not speak TLS on that port';
      hint = 'Try http:// instead of https://, or the right port.';
    }
    return new AppError('TLS_ERROR', `Could not connect securely to ${host}: ${what}.`, hint, details);
  }
  const timeoutCode = codes.find((c) => TIMEOUT_CODES.has(c));
  if (timeoutCode || /timeout/i.test(text)) {
    const connect = /connect/i.test(text);
    return new AppError(
      'TIMEOUT',
      connect
        ? `Could not connect to ${host} within ${Math.round((ctx.connectTimeoutMs ?? 0) / 1000)} s.`
        : `The controller at ${ctx.url} did not answer in time.`,
      'Check the address, the network (VPN?) and any firewall; then try again.',
      details,
    );
  }
  const unreachable = codes.find((c) => UNREACHABLE_CODES.has(c));
  const closedEarly = /stream has been aborted|socket hang up|aborted|premature close|other side closed/i.test(text);
  if (unreachable || closedEarly) {
    const c = unreachable ?? 'ECONNRESET';
    let what: string;
    let hint = 'Check the address, the network (VPN?) and that the controller is running.';
    switch (c) {
      case 'ECONNREFUSED':
        what = `nothing is listening at ${host} (connection refused)`;
        break;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        what = `the host name "${host.replace(/:\d+$/, '')}" could not be resolved`;
        hint = 'Check the spelling of the address and your DNS / VPN.';
        break;
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
      case 'EHOSTDOWN':
      case 'ENETDOWN':
        what = `${host} is unreachable from this computer`;
        break;
      default:
        what = 'the connection was closed before the answer was complete';
        hint = 'The controller or a proxy in between dropped the connection. Try again.';
    }
    return new AppError('UNREACHABLE', `Could not reach the controller: ${what}.`, ctx.proxy ? `${hint} (The proxy ${ctx.proxy} is in use.)` : hint, {
      ...details,
      code: c,
    });
  }
  return new AppError('UNREACHABLE', `Could not talk to the controller at ${ctx.url}: ${text.split(' | ')[0] || 'unknown network error'}.`, 'Check the address and the network.', details);
}
