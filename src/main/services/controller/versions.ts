/**
 * Version headers → flavour, versions, capabilities and the CLI-style mismatch warning (deis-api.md §0, §10, §14.13).
 *
 * Header spellings seen in the wild (all read case-insensitively; Node lower-cases them; any may be absent, e.g.
 * nginx drops headers whose names contain underscores unless `underscores_in_headers on`):
 *   DEIS_API_VERSION / DEIS_PLATFORM_VERSION            v1.7+ and every v2 / Hephy
 *   X_DEIS_API_VERSION / X_DEIS_PLATFORM_VERSION        v1.1–v1.13 (deprecated copies from v1.7)
 *   DRYCC_API_VERSION / DRYCC_PLATFORM_VERSION          Drycc
 * plus the same names with '-' instead of '_' in case a proxy rewrote them.
 */
import type { Capabilities, Flavour } from '../../../shared/domain';

export type HeaderBag = Record<string, string | string[] | number | undefined | null>;

export interface VersionHeaders {
  apiVersion: string | null;
  platformVersion: string | null;
  /** A DRYCC_* header was present. */
  drycc: boolean;
}

function lowerHeaders(headers: HeaderBag): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined || v === null) continue;
    const value = Array.isArray(v) ? v[0] : String(v);
    if (value === undefined) continue;
    out.set(k.toLowerCase().replace(/-/g, '_'), value.trim());
  }
  return out;
}

function pick(h: Map<string, string>, names: string[]): string | null {
  for (const n of names) {
    const v = h.get(n);
    if (v !== undefined && v !== '') return v;
  }
  return null;
}

export function parseVersionHeaders(headers: HeaderBag): VersionHeaders {
  const h = lowerHeaders(headers);
  const dryccApi = pick(h, ['drycc_api_version', 'x_drycc_api_version']);
  const dryccPlatform = pick(h, ['drycc_platform_version', 'x_drycc_platform_version']);
  if (dryccApi !== null || dryccPlatform !== null) {
    return { apiVersion: dryccApi, platformVersion: dryccPlatform, drycc: true };
  }
  return {
    apiVersion: pick(h, ['deis_api_version', 'x_deis_api_version']),
    platformVersion: pick(h, ['deis_platform_version', 'x_deis_platform_version']),
    drycc: false,
  };
}

/** "1.13.4" → [1, 13, 4]; "v2.3" → [2, 3]; anything else → null. */
export function parseVersion(v: string | null | undefined): number[] | null {
  if (v === null || v === undefined) return null;
  const m = /^v?(\d+(?:\.\d+)*)/i.exec(v.trim());
  if (!m || m[1] === undefined) return null;
  return m[1].split('.').map((p) => Number(p));
}

/** Numeric comparison of dotted versions (missing parts count as 0). */
export function compareVersions(a: number[], b: number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export function atLeast(v: string | null, min: string): boolean {
  const p = parseVersion(v);
  const q = parseVersion(min);
  return p !== null && q !== null && compareVersions(p, q) >= 0;
}

/** Flavour from where the probe got its 401 and whether DRYCC_* headers came back. */
export function detectFlavour(prefix: '/v1' | '/v2', headers: VersionHeaders): Flavour {
  if (prefix === '/v1') return 'v1';
  return headers.drycc ? 'drycc' : 'v2';
}

/**
 * The capability table (deis-api.md §0, §14.13). Decisions where the headers are ambiguous:
 *
 * - v1 without any header is v1.0 (the header arrived in v1.1) → the minimal set.
 * - v1: users list from API 1.3 (v1.6), tokens API from 1.5 (v1.8), admin-on-behalf from 1.6 (v1.10).
 *   Dotted names never work in v1 paths.
 * - v2 whoami: controller v2.3+, i.e. API ≥ 2.2 or (API unknown and) platform ≥ 2.3.
 * - v2 dottedNamesInPaths: the path regex accepts `.@+` from controller v2.10, but every controller from v2.5 on
 *   reports API 2.3 / platform 2.3.0, so v2.5–v2.9 cannot be told from v2.10–v2.18 or Hephy. We decide
 *   OPTIMISTICALLY: API ≥ 2.3 (or platform ≥ 2.10, or no header at all) counts as capable, API ≤ 2.2 does not. On
 *   the rare v2.5–v2.9 controller the demote of a dotted name then answers Django's HTML 404, which the client turns
 *   into UNSUPPORTED_BY_CONTROLLER with the same explanation instead of a confusing NOT_FOUND.
 * - v2 without any header (a proxy stripped it) is treated as the newest v2 (Hephy); the warning says so.
 * - Drycc's upstream reports API 2.3 / platform 2.3.0 (its `api.__version__`) in every release, so Drycc ≤1.3 and
 *   ≥1.4 may look the same. A platform version with major 1 is taken as the Drycc release (enable/disable from 1.3;
 *   1.4+ is refused by the probe); otherwise we assume ≤1.3 (enable/disable on); a Drycc without the endpoint (≤1.2) or without the classic auth
 *   endpoints (≥1.4, drycc-passport) is recognised at run time by its HTML 404 / login answer and reported as
 *   UNSUPPORTED_BY_CONTROLLER.
 */
export function capabilitiesFor(flavour: Flavour, apiVersion: string | null, platformVersion: string | null): Capabilities {
  if (flavour === 'v1') {
    return {
      usersList: atLeast(apiVersion, '1.3'),
      tokensApi: atLeast(apiVersion, '1.5'),
      whoami: false,
      adminOnBehalf: atLeast(apiVersion, '1.6'),
      enableDisable: false,
      adminPerms: true,
      dottedNamesInPaths: false,
      pagination: 'page',
    };
  }
  if (flavour === 'drycc') {
    const pv = parseVersion(platformVersion);
    // A platform version with major 1 is the Drycc release (enable/disable from 1.3); 2.x is api.__version__.
    const enableDisable = pv !== null && pv[0] === 1 ? atLeast(platformVersion, '1.3') : true;
    return {
      usersList: true,
      tokensApi: true,
      whoami: true,
      adminOnBehalf: true,
      enableDisable,
      adminPerms: true,
      dottedNamesInPaths: true,
      pagination: 'limit',
    };
  }
  const noHeader = apiVersion === null && platformVersion === null;
  const whoami = noHeader || atLeast(apiVersion, '2.2') || (apiVersion === null && atLeast(platformVersion, '2.3'));
  const dotted =
    noHeader || atLeast(apiVersion, '2.3') || (atLeast(platformVersion, '2.10') && parseVersion(platformVersion)?.[0] === 2);
  return {
    usersList: true,
    tokensApi: true,
    whoami,
    adminOnBehalf: true,
    enableDisable: false,
    adminPerms: true,
    dottedNamesInPaths: dotted,
    pagination: 'limit',
  };
}

/** The API version this client was written against, per flavour (what the reference CLIs compare with). */
export const CLIENT_API_VERSION: Record<Flavour, string> = { v1: '1.7', v2: '2.3', drycc: '2.3' };

/**
 * The CLI's mismatch warning (controller-sdk-go utils.go; v1 client utils.go), as one text, or null.
 * v2/Drycc: header missing or malformed, major differs, or server minor below the client's. v1: any value but 1.7.
 * Never a failure.
 */
export function versionWarning(flavour: Flavour, apiVersion: string | null): string | null {
  const client = CLIENT_API_VERSION[flavour];
  const text = (server: string) =>
    `Client and server API versions do not match. Please consider upgrading. Client version: ${client}. Server version: ${server}.`;
  if (apiVersion === null) {
    return (
      text('unknown') +
      (flavour === 'v1'
        ? ' The controller sent no version header, so it is treated as Deis v1.0: features that need a newer controller are shown as unavailable.'
        : ' The controller (or a proxy in front of it) sent no version header, so it is treated as the newest release of its family.')
    );
  }
  const s = parseVersion(apiVersion);
  const c = parseVersion(client);
  if (s === null || c === null || s.length < 2) return text(apiVersion);
  if (flavour === 'v1') return apiVersion === client ? null : text(apiVersion);
  if (s[0] !== c[0]) return text(apiVersion);
  if ((s[1] ?? 0) < (c[1] ?? 0)) return text(apiVersion);
  return null;
}

/** Drycc 1.4+ (drycc-passport): none of the classic auth endpoints; refused by the probe when the header says so. */
export function isUnsupportedDrycc(flavour: Flavour, platformVersion: string | null): boolean {
  const pv = parseVersion(platformVersion);
  return flavour === 'drycc' && pv !== null && pv[0] === 1 && atLeast(platformVersion, '1.4');
}
