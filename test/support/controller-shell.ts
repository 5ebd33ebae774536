/**
 * The SSH remote command that opens a test controller's real Django shell (test configuration, not user data):
 *   env -u PYTHONPATH -u PYTHONHOME -u DJANGO_SETTINGS_MODULE K='v' … /usr/bin/python3 '…/manage.py' shell|shell16
 * `shell` is Django 3.2's (piped stdin executed in one go, Workflow); `shell16` imitates Deis v1's Django 1.6 console.
 */
export const TEST_PYTHON = '/usr/bin/python3';

/** POSIX single-quoting. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function remoteShellCommand(c: { env: Record<string, string>; managePy: string }, shell: 'shell' | 'shell16'): string {
  const assigns = Object.entries(c.env).map(([k, v]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`odd env name ${k}`);
    return `${k}=${shQuote(v)}`;
  });
  return ['env', '-u', 'PYTHONPATH', '-u', 'PYTHONHOME', '-u', 'DJANGO_SETTINGS_MODULE', ...assigns, TEST_PYTHON, shQuote(c.managePy), shell].join(' ');
}
