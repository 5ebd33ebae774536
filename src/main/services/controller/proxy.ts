/**
 * Proxy resolution. We resolve the proxy ourselves (axios gets `proxy: false`) so that
 *  - NO_PROXY works the way Go's http.ProxyFromEnvironment (which the Workflow CLI uses) does: comma/space separated
 *    host names, domain suffixes (".example.com", "example.com", "*.example.com"), IPs, optional ":port", "*" = all;
 *    loopback (localhost, 127.0.0.0/8, ::1) is never proxied;
 *  - a custom https.Agent (per-profile CA, verify:false, connect timeout, keep-alive) keeps working through a proxy:
 *    HTTPS targets are tunnelled with CONNECT by our own agent (http.ts), plain-HTTP targets are sent to the proxy
 *    in absolute form by axios' `proxy` option.
 * Only http:// proxies are supported (that is what HTTPS_PROXY almost always holds).
 */
import { isLoopbackHost } from './url';

export interface ProxyConfig {
  /** http://host:port of the proxy. */
  url: URL;
  /** "user:password" for Proxy-Authorization, decoded, if the proxy URL carried credentials. */
  auth: string | null;
  /** The proxy for messages: no credentials. */
  display: string;
}

type Env = Record<string, string | undefined>;

function envGet(env: Env, name: string): string | undefined {
  const v = env[name] ?? env[name.toLowerCase()];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/** Whether NO_PROXY excludes this host:port. */
export function noProxyMatches(noProxy: string | undefined, hostname: string, port: string): boolean {
  if (!noProxy) return false;
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    let entryPort: string | null = null;
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (m && m[1] !== undefined && m[2] !== undefined) {
      entry = m[1];
      entryPort = m[2];
    }
    entry = entry.replace(/^\[|\]$/g, '');
    if (entryPort !== null && entryPort !== port) continue;
    if (entry.startsWith('*.')) entry = entry.slice(1);
    if (entry.startsWith('.')) {
      if (host.endsWith(entry) || host === entry.slice(1)) return true;
    } else if (host === entry || host.endsWith(`.${entry}`)) {
      return true;
    }
    // CIDR like 10.0.0.0/8 (IPv4 only).
    const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(entry);
    if (cidr && cidr[1] && cidr[2] && /^\d+\.\d+\.\d+\.\d+$/.test(host)) {
      const toInt = (ip: string) => ip.split('.').reduce((a, p) => (a << 8) + Number(p), 0) >>> 0;
      const bits = Number(cidr[2]);
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
      if ((toInt(host) & mask) === (toInt(cidr[1]) & mask)) return true;
    }
  }
  return false;
}

function parseProxy(value: string): ProxyConfig | null {
  let v = value;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) v = `http://${v}`;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:') return null;
  const auth = url.username !== '' ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : null;
  const display = `${url.protocol}//${url.host}`;
  return { url, auth, display };
}

/**
 * The proxy for a target URL.
 * @param explicit undefined → from the environment; null → no proxy; a string → that proxy (NO_PROXY still applies).
 */
export function resolveProxy(target: string, explicit: string | null | undefined, env: Env = process.env): ProxyConfig | null {
  if (explicit === null) return null;
  const t = new URL(target);
  const port = t.port || (t.protocol === 'https:' ? '443' : '80');
  if (isLoopbackHost(t.hostname)) return null;
  if (noProxyMatches(envGet(env, 'NO_PROXY'), t.hostname, port)) return null;
  let value: string | undefined = explicit;
  if (value === undefined) {
    value = t.protocol === 'https:' ? envGet(env, 'HTTPS_PROXY') : envGet(env, 'HTTP_PROXY');
    // Like Go: REQUEST_METHOD set means CGI, where HTTP_PROXY is attacker controlled.
    if (t.protocol === 'http:' && env.REQUEST_METHOD !== undefined) value = undefined;
  }
  if (value === undefined) return null;
  return parseProxy(value);
}
