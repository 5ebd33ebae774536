/**
 * Probe: find out whether a URL is a Deis-family controller, which flavour and version, and what it supports.
 * Like the CLIs: `GET <url>/v2/` then `GET <url>/v1/` without a token; a controller answers 401 (deis-api.md §1).
 */
import type { ClusterInfo } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { type HttpResponse, type TlsOptions, Transport, type TransportOptions } from './http';
import { normaliseControllerUrl } from './url';
import { capabilitiesFor, detectFlavour, isUnsupportedDrycc, parseVersionHeaders, versionWarning } from './versions';

export type ProbeOptions = Omit<TransportOptions, 'tls' | 'signal'>;

function describe(prefix: string, res: HttpResponse): string {
  const ct = res.contentType.split(';')[0]?.trim() || 'no content type';
  let s = `${prefix}/ answered HTTP ${res.status} ${ct}`;
  if (res.status >= 300 && res.status < 400 && res.headers.location) s += ` (redirect to ${res.headers.location.slice(0, 200)})`;
  return s;
}

/** Build the ClusterInfo from the successful probe answer. Exported for tests. */
export function clusterInfoFrom(url: string, prefix: '/v1' | '/v2', headers: Record<string, string>): ClusterInfo {
  const vh = parseVersionHeaders(headers);
  const flavour = detectFlavour(prefix, vh);
  return {
    url,
    flavour,
    apiPrefix: prefix,
    apiVersion: vh.apiVersion,
    platformVersion: vh.platformVersion,
    versionWarning: versionWarning(flavour, vh.apiVersion),
    capabilities: capabilitiesFor(flavour, vh.apiVersion, vh.platformVersion),
  };
}

export async function probeController(url: string, tls: TlsOptions, signal?: AbortSignal, options: ProbeOptions = {}): Promise<ClusterInfo> {
  const base = normaliseControllerUrl(url);
  const transport = new Transport(base, { ...options, tls, ...(signal ? { signal } : {}) });
  try {
    const answers: string[] = [];
    for (const prefix of ['/v2', '/v1'] as const) {
      const res = await transport.request({ method: 'GET', path: `${prefix}/`, ctx: { op: 'probe' } });
      if (res.status === 401) {
        const info = clusterInfoFrom(base, prefix, res.headers);
        if (isUnsupportedDrycc(info.flavour, info.platformVersion)) {
          throw new AppError(
            'UNSUPPORTED_BY_CONTROLLER',
            `${base} is Drycc ${info.platformVersion}: from Drycc 1.4 users log in through drycc-passport (OAuth2) and the register, password, cancel and token endpoints are gone.`,
            'Deis Admin supports Deis v1, Workflow v2, Hephy and Drycc up to 1.3. Manage Drycc 1.4+ users in drycc-passport.',
            { flavour: info.flavour, platformVersion: info.platformVersion },
          );
        }
        return info;
      }
      answers.push(describe(prefix, res));
    }
    const redirect = answers.find((a) => a.includes('redirect to https:'));
    throw new AppError(
      'NOT_A_CONTROLLER',
      `${base} does not look like a Deis controller: ${answers.join('; ')}. A controller answers 401 there.`,
      redirect
        ? 'The server redirects to https://; use the https:// address.'
        : 'Check the address: it should be the controller itself (e.g. https://deis.<cluster domain>), not the router or a web page.',
      { answers },
    );
  } finally {
    transport.close();
  }
}
