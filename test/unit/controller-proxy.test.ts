import { describe, expect, it } from 'vitest';
import { noProxyMatches, resolveProxy } from '../../src/main/services/controller/proxy';

describe('proxy resolution', () => {
  const env = { HTTPS_PROXY: 'http://user:p%40ss@proxy.corp:3128', HTTP_PROXY: 'proxy.corp:8080' };
  it('picks HTTPS_PROXY / HTTP_PROXY by target scheme; lower-case names too', () => {
    const p = resolveProxy('https://deis.example.com', undefined, env);
    expect(p?.display).toBe('http://proxy.corp:3128');
    expect(p?.auth).toBe('user:p@ss');
    expect(resolveProxy('http://deis.example.com', undefined, env)?.display).toBe('http://proxy.corp:8080');
    expect(resolveProxy('https://deis.example.com', undefined, { https_proxy: 'http://p:1' })?.display).toBe('http://p:1');
    expect(resolveProxy('https://deis.example.com', undefined, {})).toBeNull();
  });
  it('never proxies loopback; honours NO_PROXY; explicit null/URL', () => {
    expect(resolveProxy('https://127.0.0.1:8443', undefined, env)).toBeNull();
    expect(resolveProxy('http://localhost:8000', undefined, env)).toBeNull();
    expect(resolveProxy('https://deis.example.com', undefined, { ...env, NO_PROXY: 'foo.org, .example.com' })).toBeNull();
    expect(resolveProxy('https://deis.example.com', null, env)).toBeNull();
    expect(resolveProxy('https://deis.example.com', 'http://other:9', {})?.display).toBe('http://other:9');
  });
  it.each([
    ['*', 'a.b', '443', true],
    ['example.com', 'deis.example.com', '443', true],
    ['example.com', 'example.com', '443', true],
    ['.example.com', 'example.com', '443', true],
    ['*.example.com', 'deis.example.com', '443', true],
    ['example.com', 'badexample.com', '443', false],
    ['deis.example.com:8443', 'deis.example.com', '443', false],
    ['deis.example.com:443', 'deis.example.com', '443', true],
    ['10.0.0.0/8', '10.1.2.3', '80', true],
    ['10.0.0.0/8', '11.1.2.3', '80', false],
    ['127.0.0.1', '127.0.0.1', '80', true],
  ])('NO_PROXY=%j host %s:%s → %s', (np, host, port, expected) => {
    expect(noProxyMatches(np, host, port)).toBe(expected);
  });
});
