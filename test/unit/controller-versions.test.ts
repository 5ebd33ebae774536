import { describe, expect, it } from 'vitest';
import { clusterInfoFrom } from '../../src/main/services/controller/probe';
import { normaliseControllerUrl } from '../../src/main/services/controller/url';
import {
  capabilitiesFor,
  compareVersions,
  isUnsupportedDrycc,
  parseVersion,
  parseVersionHeaders,
  versionWarning,
} from '../../src/main/services/controller/versions';
import { AppError } from '../../src/shared/errors';

describe('parseVersionHeaders', () => {
  it('reads every spelling case-insensitively and prefers DEIS_ over X_DEIS_', () => {
    expect(parseVersionHeaders({ deis_api_version: '1.7', x_deis_api_version: '1.6', DEIS_PLATFORM_VERSION: '1.13.4' })).toEqual({
      apiVersion: '1.7',
      platformVersion: '1.13.4',
      drycc: false,
    });
    expect(parseVersionHeaders({ X_DEIS_API_VERSION: '1.4', 'x_deis_platform_version': '1.7.3' })).toEqual({
      apiVersion: '1.4',
      platformVersion: '1.7.3',
      drycc: false,
    });
    expect(parseVersionHeaders({ 'Deis-Api-Version': '2.3' }).apiVersion).toBe('2.3');
    expect(parseVersionHeaders({ drycc_api_version: '2.3', DRYCC_PLATFORM_VERSION: '1.3.0' })).toEqual({
      apiVersion: '2.3',
      platformVersion: '1.3.0',
      drycc: true,
    });
    expect(parseVersionHeaders({ 'content-type': 'application/json' })).toEqual({ apiVersion: null, platformVersion: null, drycc: false });
    expect(parseVersionHeaders({ deis_api_version: ['2.2', '2.3'] }).apiVersion).toBe('2.2');
  });

  it('parses and compares dotted versions numerically', () => {
    expect(parseVersion('1.13.4')).toEqual([1, 13, 4]);
    expect(parseVersion('v2.10')).toEqual([2, 10]);
    expect(parseVersion('garbage')).toBeNull();
    expect(compareVersions([2, 10], [2, 9, 9])).toBe(1);
    expect(compareVersions([2, 3], [2, 3, 0])).toBe(0);
  });
});

describe('capabilitiesFor', () => {
  const v1 = (api: string | null) => capabilitiesFor('v1', api, null);
  it('v1: gates by API version (users 1.3, tokens 1.5, on-behalf 1.6); no header = v1.0', () => {
    expect(v1(null)).toMatchObject({ usersList: false, tokensApi: false, adminOnBehalf: false, whoami: false, pagination: 'page' });
    expect(v1('1.2')).toMatchObject({ usersList: false, tokensApi: false, adminOnBehalf: false });
    expect(v1('1.3')).toMatchObject({ usersList: true, tokensApi: false, adminOnBehalf: false });
    expect(v1('1.4')).toMatchObject({ usersList: true, tokensApi: false, adminOnBehalf: false });
    expect(v1('1.5')).toMatchObject({ usersList: true, tokensApi: true, adminOnBehalf: false });
    expect(v1('1.6')).toMatchObject({ usersList: true, tokensApi: true, adminOnBehalf: true });
    expect(v1('1.7')).toMatchObject({ usersList: true, tokensApi: true, adminOnBehalf: true, dottedNamesInPaths: false, enableDisable: false });
  });
  it('v2: whoami from controller v2.3 (API 2.2), dotted names optimistic for API 2.3', () => {
    expect(capabilitiesFor('v2', '2.0', '2.0.0')).toMatchObject({ whoami: false, dottedNamesInPaths: false, pagination: 'limit', tokensApi: true });
    expect(capabilitiesFor('v2', '2.1', '2.2.0')).toMatchObject({ whoami: false, dottedNamesInPaths: false });
    expect(capabilitiesFor('v2', '2.2', '2.3.0')).toMatchObject({ whoami: true, dottedNamesInPaths: false });
    expect(capabilitiesFor('v2', '2.3', '2.3.0')).toMatchObject({ whoami: true, dottedNamesInPaths: true, enableDisable: false });
    expect(capabilitiesFor('v2', null, '2.3.0')).toMatchObject({ whoami: true });
    expect(capabilitiesFor('v2', null, '2.12.1')).toMatchObject({ whoami: true, dottedNamesInPaths: true });
    expect(capabilitiesFor('v2', null, null)).toMatchObject({ whoami: true, dottedNamesInPaths: true });
  });
  it('drycc: enable/disable from 1.3; 1.4+ is unsupported', () => {
    expect(capabilitiesFor('drycc', '2.3', '1.3.0')).toMatchObject({ enableDisable: true, whoami: true, pagination: 'limit' });
    expect(capabilitiesFor('drycc', '2.3', '1.2.1')).toMatchObject({ enableDisable: false });
    expect(capabilitiesFor('drycc', '2.3', '2.3.0')).toMatchObject({ enableDisable: true });
    expect(isUnsupportedDrycc('drycc', '1.3.0')).toBe(false);
    expect(isUnsupportedDrycc('drycc', '1.4.0')).toBe(true);
    expect(isUnsupportedDrycc('drycc', '2.3.0')).toBe(false);
    expect(isUnsupportedDrycc('v2', '1.4.0')).toBe(false);
  });
});

describe('versionWarning', () => {
  it('follows the CLIs: v1 warns unless 1.7; v2 when missing, other major or lower minor', () => {
    expect(versionWarning('v1', '1.7')).toBeNull();
    expect(versionWarning('v1', '1.4')).toMatch(/^Client and server API versions do not match\. Please consider upgrading\. Client version: 1\.7\. Server version: 1\.4\.$/);
    expect(versionWarning('v1', null)).toMatch(/Server version: unknown.*v1\.0/);
    expect(versionWarning('v2', '2.3')).toBeNull();
    expect(versionWarning('v2', '2.4')).toBeNull();
    expect(versionWarning('v2', '2.2')).toMatch(/Client version: 2\.3\. Server version: 2\.2\./);
    expect(versionWarning('v2', '3.0')).toMatch(/do not match/);
    expect(versionWarning('v2', 'x')).toMatch(/do not match/);
    expect(versionWarning('drycc', '2.3')).toBeNull();
  });
});

describe('clusterInfoFrom', () => {
  it('builds the ClusterInfo of each test-controller flavour', () => {
    const v1 = clusterInfoFrom('http://c', '/v1', { deis_api_version: '1.7', deis_platform_version: '1.13.4' });
    expect(v1).toMatchObject({ flavour: 'v1', apiPrefix: '/v1', apiVersion: '1.7', platformVersion: '1.13.4', versionWarning: null });
    const legacy = clusterInfoFrom('http://c', '/v1', { x_deis_api_version: '1.4', x_deis_platform_version: '1.7.3' });
    expect(legacy.capabilities).toMatchObject({ usersList: true, tokensApi: false, adminOnBehalf: false });
    expect(legacy.versionWarning).toMatch(/do not match/);
    expect(clusterInfoFrom('http://c', '/v2', { drycc_api_version: '2.3', drycc_platform_version: '1.3.0' }).flavour).toBe('drycc');
    expect(clusterInfoFrom('http://c', '/v2', {}).flavour).toBe('v2');
  });
});

describe('normaliseControllerUrl', () => {
  it('strips trailing slashes and /v1, /v2; keeps a path prefix and port', () => {
    expect(normaliseControllerUrl(' https://Deis.Example.com/ ')).toBe('https://deis.example.com');
    expect(normaliseControllerUrl('http://127.0.0.1:8000/v2/')).toBe('http://127.0.0.1:8000');
    expect(normaliseControllerUrl('http://127.0.0.1:8000/v1')).toBe('http://127.0.0.1:8000');
    expect(normaliseControllerUrl('https://example.com:443/deis/v2//')).toBe('https://example.com/deis');
    expect(normaliseControllerUrl('http://[::1]:80/')).toBe('http://[::1]');
  });
  it.each([
    ['', /empty/],
    ['deis.example.com', /no scheme/],
    ['ftp://deis.example.com', /not supported/],
    ['https://bob:secret@deis.example.com', /user name or password/],
    ['https://deis.example.com/?x=1', /"\?" or "#"/],
    ['http://', /not a valid URL|no host/],
  ])('refuses %j', (input, re) => {
    let err: unknown;
    try {
      normaliseControllerUrl(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_INPUT');
    expect((err as AppError).message).toMatch(re);
    expect((err as AppError).message).not.toContain('secret');
  });
});
