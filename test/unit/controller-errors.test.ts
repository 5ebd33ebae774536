import { describe, expect, it } from 'vitest';
import {
  type ErrorContext,
  extractMessage,
  httpErrorToAppError,
  isTokenInvalidMessage,
  parseBody,
  transportErrorToAppError,
} from '../../src/main/services/controller/errors';

const ctx = (op: ErrorContext['op'], username?: string): ErrorContext => ({ op, url: 'https://deis.example.com', ...(username ? { username } : {}) });
const json = (v: unknown) => parseBody(JSON.stringify(v), 'application/json');
const DJANGO_500 = '<!DOCTYPE html>\n<html lang="en"><head><title>Server Error (500)</title></head><body><h1>Server Error (500)</h1></body></html>';

describe('parseBody / extractMessage: every body shape', () => {
  it('classifies bodies', () => {
    expect(parseBody('', 'application/json').kind).toBe('empty');
    expect(parseBody('{"detail":"x"}', 'application/json').kind).toBe('json');
    expect(parseBody('{"detail":"x', 'application/json').kind).toBe('invalid-json');
    expect(parseBody('[{"a":1},{"b"', '').kind).toBe('invalid-json');
    expect(parseBody(DJANGO_500, 'text/html; charset=utf-8').kind).toBe('html');
    expect(parseBody('<h1>Not Found</h1>', '').kind).toBe('html');
    expect(parseBody('"No User matches the given query."', 'application/json').kind).toBe('json');
    expect(parseBody('Bad Gateway', 'text/plain').kind).toBe('text');
  });
  it('extracts the message from each shape', () => {
    expect(extractMessage(json({ detail: 'Not found.' })).message).toBe('Not found.');
    expect(extractMessage(json('No User matches the given query.')).message).toBe('No User matches the given query.');
    expect(extractMessage(json({ error: 'Client and server versions do not match. Client version: 2 Server version: 1' })).message).toMatch(/versions do not match/);
    const f = extractMessage(json({ username: ['A user with that username already exists.'], email: ['Enter a valid email address.'] }));
    expect(f.fields).toEqual({ username: ['A user with that username already exists.'], email: ['Enter a valid email address.'] });
    expect(f.message).toMatch(/username: A user with that username already exists\./);
    const n = extractMessage(json({ non_field_errors: ['Unable to log in with provided credentials.'] }));
    expect(n.nonField).toEqual(['Unable to log in with provided credentials.']);
    expect(n.fields).toBeUndefined();
    expect(extractMessage(parseBody(DJANGO_500, 'text/html')).message).toBe('Server Error (500)');
  });
});

describe('httpErrorToAppError', () => {
  it('only the token-invalid 401s are SESSION_EXPIRED', () => {
    for (const m of [
      'Invalid token',
      'Invalid token.',
      'User inactive or deleted',
      'User inactive or deleted.',
      'Authentication credentials were not provided.',
      'Invalid token header. No credentials provided.',
      'Invalid token header. Token string should not contain spaces.',
    ]) {
      expect(isTokenInvalidMessage(m)).toBe(true);
      expect(httpErrorToAppError(401, json({ detail: m }), ctx('listUsers')).code).toBe('SESSION_EXPIRED');
    }
    const passwd = httpErrorToAppError(401, json({ detail: 'Current password does not match' }), ctx('passwd'));
    expect(passwd.code).toBe('BAD_CREDENTIALS');
    expect(httpErrorToAppError(401, parseBody('<html><title>Auth required</title></html>', 'text/html'), ctx('listUsers')).code).toBe('FORBIDDEN');
  });

  it('maps statuses and shapes', () => {
    const login = httpErrorToAppError(400, json({ non_field_errors: ['Unable to log in with provided credentials.'] }), ctx('login'));
    expect(login.code).toBe('BAD_CREDENTIALS');
    expect(login.message).toBe('Unable to log in with provided credentials.');
    const v1passwd = httpErrorToAppError(400, json({ detail: 'Current password does not match' }), ctx('passwd'));
    expect(v1passwd.code).toBe('BAD_CREDENTIALS');
    const dup = httpErrorToAppError(400, json({ username: ['This field must be unique.'] }), ctx('register', 'bob'));
    expect(dup.code).toBe('INVALID_INPUT');
    expect(dup.details?.fields).toEqual({ username: ['This field must be unique.'] });
    const nfe = httpErrorToAppError(400, json({ non_field_errors: ['nope'] }), ctx('register'));
    expect(nfe.code).toBe('INVALID_INPUT');
    expect(nfe.details?.nonFieldErrors).toEqual(['nope']);
    expect(httpErrorToAppError(400, json({ detail: 'new_password is a required field' }), ctx('passwd')).code).toBe('INVALID_INPUT');
    expect(httpErrorToAppError(403, json({ detail: 'You do not have permission to perform this action.' }), ctx('listUsers')).code).toBe('FORBIDDEN');
    const regOff = httpErrorToAppError(403, json({ detail: 'Registration is disabled' }), ctx('register'));
    expect(regOff.code).toBe('FORBIDDEN');
    expect(regOff.message).toMatch(/Registration is disabled/);
    const nf = httpErrorToAppError(404, json('No User matches the given query.'), ctx('promote', 'ghost'));
    expect(nf.code).toBe('NOT_FOUND');
    expect(nf.message).toMatch(/"ghost" does not exist/);
    expect(httpErrorToAppError(404, json({ detail: 'Not found' }), ctx('listUsers')).code).toBe('NOT_FOUND');
    expect(httpErrorToAppError(405, json({ error: 'Client and server versions do not match.' }), ctx('listUsers')).code).toBe('UNSUPPORTED_BY_CONTROLLER');
    const conflict = httpErrorToAppError(409, json({ detail: 'bob still has applications assigned. Delete or transfer ownership' }), ctx('cancel', 'bob'));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toMatch(/"bob" still owns applications/);
    expect(conflict.hint).toMatch(/transfer/);
    const locked = httpErrorToAppError(423, parseBody('', ''), ctx('disable', 'me'));
    expect(locked.code).toBe('LOCKED');
    expect(locked.message).toMatch(/cannot disable .*yourself/);
    expect(httpErrorToAppError(429, parseBody('', ''), ctx('listUsers')).code).toBe('RATE_LIMITED');
    expect(httpErrorToAppError(500, json({ detail: 'Server Error' }), ctx('listUsers')).code).toBe('SERVER_ERROR');
    expect(httpErrorToAppError(503, parseBody('Service Unavailable', 'text/plain'), ctx('listUsers')).code).toBe('SERVER_ERROR');
  });

  it('explains HTML pages', () => {
    const e = httpErrorToAppError(500, parseBody(DJANGO_500, 'text/html'), ctx('listUsers'));
    expect(e.code).toBe('SERVER_ERROR');
    expect(e.message).toMatch(/the server answered with an HTML page \(HTTP 500\)/);
    const dotted = httpErrorToAppError(404, parseBody('<h1>Not Found</h1>', 'text/html'), ctx('demote', 'john.doe'));
    expect(dotted.code).toBe('UNSUPPORTED_BY_CONTROLLER');
    const noWhoami = httpErrorToAppError(404, parseBody('<h1>Not Found</h1>', 'text/html'), ctx('whoami'));
    expect(noWhoami.code).toBe('UNSUPPORTED_BY_CONTROLLER');
    expect(httpErrorToAppError(404, parseBody('<h1>Not Found</h1>', 'text/html'), ctx('promote', 'bob')).code).toBe('NOT_FOUND');
  });

  it('invalid or truncated JSON is BAD_RESPONSE, whatever the status', () => {
    expect(httpErrorToAppError(400, parseBody('{"detail": "Inv', 'application/json'), ctx('listUsers')).code).toBe('BAD_RESPONSE');
    expect(httpErrorToAppError(500, parseBody('{"detail"', 'application/json'), ctx('listUsers')).code).toBe('BAD_RESPONSE');
  });
});

describe('transportErrorToAppError', () => {
  const err = (code: string, message = code) => Object.assign(new Error(message), { code });
  const tctx = { ...ctx('listUsers'), connectTimeoutMs: 10_000, totalTimeoutMs: 30_000, maxResponseBytes: 64 * 1024 * 1024 };
  it.each([
    ['ECONNREFUSED', 'UNREACHABLE'],
    ['ENOTFOUND', 'UNREACHABLE'],
    ['EHOSTUNREACH', 'UNREACHABLE'],
    ['ECONNRESET', 'UNREACHABLE'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS_UNTRUSTED'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'TLS_UNTRUSTED'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'TLS_UNTRUSTED'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'TLS_UNTRUSTED'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS_ERROR'],
    ['CERT_HAS_EXPIRED', 'TLS_ERROR'],
    ['ERR_CANCELED', 'CANCELLED'],
  ])('%s → %s', (code, expected) => {
    expect(transportErrorToAppError(err(code), tctx).code).toBe(expected);
  });
  it('finds the code in the cause chain and uses the flags', () => {
    const wrapped = Object.assign(new Error('outer'), { cause: err('DEPTH_ZERO_SELF_SIGNED_CERT') });
    const e = transportErrorToAppError(wrapped, tctx);
    expect(e.code).toBe('TLS_UNTRUSTED');
    expect(e.hint).toMatch(/CA certificate.*turn certificate verification off/);
    expect(transportErrorToAppError(err('ERR_CANCELED'), { ...tctx, timedOut: true }).code).toBe('TIMEOUT');
    expect(transportErrorToAppError(err('ERR_CANCELED'), { ...tctx, cancelled: true }).code).toBe('CANCELLED');
    expect(transportErrorToAppError(err('ERR_BAD_RESPONSE', 'maxContentLength size of 1048576 exceeded'), tctx).code).toBe('BAD_RESPONSE');
    expect(transportErrorToAppError(err('ERR_BAD_RESPONSE', 'stream has been aborted'), tctx).code).toBe('UNREACHABLE');
    expect(transportErrorToAppError(err('EPROTO', 'SSL routines::wrong version number'), tctx).code).toBe('TLS_ERROR');
  });
});
