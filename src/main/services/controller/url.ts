/**
 * Controller URL normalisation. The operator types a URL; we keep one canonical form per controller:
 * scheme + host (+ port) (+ an optional path prefix), no trailing slash, no trailing /v1 or /v2,
 * no credentials, no query or fragment.
 */
import { AppError } from '../../../shared/errors';

export function normaliseControllerUrl(input: string): string {
  const raw = (input ?? '').trim();
  if (raw === '') {
    throw new AppError('INVALID_INPUT', 'The controller URL is empty.', 'Enter the controller address, e.g. https://deis.example.com.');
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    throw new AppError(
      'INVALID_INPUT',
      `"${raw}" has no scheme.`,
      `Write it with http:// or https:// in front, e.g. https://${raw.replace(/^\/+/, '')}.`,
      { field: 'url' },
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('INVALID_INPUT', `"${raw}" is not a valid URL.`, 'Enter the controller address, e.g. https://deis.example.com.', {
      field: 'url',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('INVALID_INPUT', `The scheme "${url.protocol.replace(/:$/, '')}" is not supported.`, 'Use http:// or https://.', {
      field: 'url',
    });
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo the URL back: it holds a password.
    throw new AppError(
      'INVALID_INPUT',
      'The controller URL contains a user name or password.',
      'Remove the "user:password@" part; you log in with your controller account after connecting.',
      { field: 'url' },
    );
  }
  if (url.hostname === '') {
    throw new AppError('INVALID_INPUT', `"${raw}" has no host name.`, 'Enter the controller address, e.g. https://deis.example.com.', {
      field: 'url',
    });
  }
  if (url.search !== '' || url.hash !== '') {
    throw new AppError('INVALID_INPUT', 'The controller URL must not contain "?" or "#" parts.', 'Enter only the address, e.g. https://deis.example.com.', {
      field: 'url',
    });
  }
  let path = url.pathname.replace(/\/+$/, '');
  path = path.replace(/\/v[12]$/i, '');
  path = path.replace(/\/+$/, '');
  // URL already drops default ports (":443" on https, ":80" on http) and lower-cases the host.
  return `${url.protocol}//${url.host}${path}`;
}

/** Whether a hostname is a loopback address (never proxied, like Go's ProxyFromEnvironment). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\./.test(h) || h === '::1';
}
