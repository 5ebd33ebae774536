/** The controller API client (deis-api.md). Plain Node; never imports electron. */
export { probeController, clusterInfoFrom, type ProbeOptions } from './probe';
export {
  ControllerClient,
  type ControllerClientOptions,
  type RegisterInput,
  type PasswdInput,
  type RegenerateInput,
  type ListOptions,
} from './client';
export {
  Transport,
  APP_VERSION,
  USER_AGENT,
  DEFAULT_TIMEOUTS,
  DEFAULT_RETRY,
  DEFAULT_MAX_RESPONSE_BYTES,
  type TlsOptions,
  type Timeouts,
  type RetryOptions,
  type TransportOptions,
} from './http';
export { DEFAULT_PAGE_SIZE, DEFAULT_CONCURRENCY, type Progress } from './pagination';
export { normaliseControllerUrl } from './url';
export { parseVersionHeaders, capabilitiesFor, versionWarning, CLIENT_API_VERSION } from './versions';
export { httpErrorToAppError, transportErrorToAppError, parseBody, isTokenInvalidMessage, type Operation } from './errors';
export { resolveProxy } from './proxy';
