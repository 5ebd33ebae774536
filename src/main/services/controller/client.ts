/**
 * ControllerClient: one method per user / admin / token endpoint of deis-api.md §2–§7 and §9, for one controller
 * whose ClusterInfo came from probeController(). Runs under plain Node; never imports electron.
 *
 * The token is held privately, sent only as "Authorization: token <key>", never on login, and never put into an
 * error message or details.
 */
import { USERNAME_RE, type ClusterInfo, type User } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { type ErrorContext, type Operation, badResponse, httpErrorToAppError } from './errors';
import { type HttpMethod, type HttpResponse, type TlsOptions, type Timeouts, Transport, type TransportOptions } from './http';
import { compareUsernames, toAdminName, toUser } from './mapping';
import { atLeast } from './versions';
import { DEFAULT_CONCURRENCY, DEFAULT_FIRST_PAGE_SIZE, DEFAULT_PAGE_SIZE, DEFAULT_SPECULATIVE_PAGE_SIZE, type PageQuery, type Progress, fetchAllPages } from './pagination';

export interface ControllerClientOptions extends Omit<TransportOptions, 'tls' | 'signal' | 'timeouts'> {
  info: ClusterInfo;
  token?: string;
  tls: TlsOptions;
  timeouts?: Partial<Timeouts>;
  signal?: AbortSignal;
}

export interface RegisterInput {
  username: string;
  password: string;
  email: string;
  firstName?: string;
  lastName?: string;
}

export interface PasswdInput {
  /** Another user's name (admin). Omit for your own account. */
  username?: string;
  /** The current password. Admins may omit it on v1.10+ / v2. */
  password?: string;
  newPassword: string;
}

export type RegenerateInput = { username?: string } | { all: true };

export interface ListOptions<T> {
  /** Called with each page's (new) items as it arrives, in arrival order. */
  onPage?: (items: T[], progress: Progress) => void;
  /** Parallel page requests after the first (default 6). */
  concurrency?: number;
  /**
   * Items per request for EVERY page (the uniform plan). Unset: the adaptive plan — a small first page, then a few
   * large ones (see pagination.ts).
   */
  pageSize?: number;
  /** The adaptive plan's first page (default 50). */
  firstPageSize?: number;
  /** The adaptive plan's second page, asked for together with the first (default 1,000; 0 = none). */
  speculativePageSize?: number;
  /** The adaptive plan's later pages: the fewest of at most `max` items, at least `min` (default 500…10,000). */
  pageBounds?: { min: number; max: number };
  signal?: AbortSignal;
}

type Auth = 'required' | 'optional' | 'never';

const DOTTED_RE = /[.@+]/;

function flavourName(info: ClusterInfo): string {
  if (info.flavour === 'drycc') return 'Drycc';
  const v = info.platformVersion ?? info.apiVersion;
  return info.flavour === 'v1' ? `Deis v1${v ? ` (API ${info.apiVersion ?? '?'})` : '.0'}` : `Deis Workflow v2${v ? ` (API ${info.apiVersion ?? '?'})` : ''}`;
}

function checkUsername(username: unknown, field = 'username'): string {
  if (typeof username !== 'string' || username === '') {
    throw new AppError('INVALID_INPUT', 'A username is required.', 'Enter a username.', { fields: { [field]: ['This field is required.'] } });
  }
  if (!USERNAME_RE.test(username)) {
    throw new AppError(
      'INVALID_INPUT',
      'A username may contain only letters, digits and @ . + - _ (1–150 characters).',
      'Correct the username.',
      { fields: { [field]: ['Enter a valid username.'] } },
    );
  }
  return username;
}

function checkPassword(password: unknown, field: string, label: string): string {
  if (typeof password !== 'string' || password === '') {
    throw new AppError('INVALID_INPUT', `${label} is required.`, `Enter the ${label.toLowerCase()}.`, { fields: { [field]: ['This field is required.'] } });
  }
  return password;
}

export class ControllerClient {
  readonly info: ClusterInfo;
  private token: string | undefined;
  private readonly transport: Transport;

  constructor(opts: ControllerClientOptions) {
    this.info = opts.info;
    this.token = opts.token === '' ? undefined : opts.token;
    const { info: _info, token: _token, ...transportOpts } = opts;
    this.transport = new Transport(opts.info.url, transportOpts as TransportOptions);
  }

  /** Whether a token is held (the token itself never leaves the client). */
  get hasToken(): boolean {
    return this.token !== undefined;
  }

  /** Replace (or drop) the token, e.g. after login(). */
  setToken(token: string | undefined): void {
    this.token = token === '' ? undefined : token;
  }

  /** Close idle keep-alive connections. */
  close(): void {
    this.transport.close();
  }

  private path(rest: string): string {
    return `${this.info.apiPrefix}/${rest}`;
  }

  private unsupported(what: string, why: string, hint = 'This feature is not available on this controller version.'): AppError {
    return new AppError('UNSUPPORTED_BY_CONTROLLER', `${what} is not available on ${flavourName(this.info)}: ${why}`, hint, {
      flavour: this.info.flavour,
      apiVersion: this.info.apiVersion,
    });
  }

  private async send(
    op: Operation,
    method: HttpMethod,
    path: string,
    o: { auth: Auth; body?: unknown; query?: PageQuery; username?: string; signal?: AbortSignal },
  ): Promise<HttpResponse> {
    let token: string | undefined;
    if (o.auth !== 'never') {
      token = this.token;
      if (o.auth === 'required' && token === undefined) {
        throw new AppError('NOT_LOGGED_IN', `You are not logged in to ${this.info.url}.`, 'Log in first.');
      }
    }
    const ctx: Omit<ErrorContext, 'url' | 'method' | 'path'> = { op };
    if (o.username !== undefined) ctx.username = o.username;
    const res = await this.transport.request({
      method,
      path,
      ...(o.query ? { query: o.query } : {}),
      ...(o.body !== undefined ? { body: o.body } : {}),
      ...(token !== undefined ? { token } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ctx,
    });
    if (res.status >= 200 && res.status < 300) return res;
    throw httpErrorToAppError(res.status, res.body, { ...ctx, url: this.info.url, method, path });
  }

  private json(res: HttpResponse, op: Operation): unknown {
    const ctx = { op, url: this.info.url };
    switch (res.body.kind) {
      case 'json':
        return res.body.json;
      case 'invalid-json':
        throw badResponse(ctx, `broken JSON (HTTP ${res.status}; the answer may have been cut off)`, res.status);
      case 'html':
        throw badResponse(ctx, `the server answered with an HTML page (HTTP ${res.status}) instead of JSON`, res.status);
      case 'empty':
        throw badResponse(ctx, `an empty answer (HTTP ${res.status})`, res.status);
      default:
        throw badResponse(ctx, `text instead of JSON (HTTP ${res.status})`, res.status);
    }
  }

  private userFrom(json: unknown, op: Operation): User {
    let raw = json;
    if (Array.isArray(raw)) raw = raw[0];
    else if (raw && typeof raw === 'object' && Array.isArray((raw as { results?: unknown }).results)) raw = (raw as { results: unknown[] }).results[0];
    const u = toUser(raw);
    if (!u) throw badResponse({ op, url: this.info.url }, 'no user object');
    return u;
  }

  // ── §3 login ───────────────────────────────────────────────────────────────────────────────────────────────────

  /** POST auth/login/ → the user's token. Never sends Authorization (a stale one would turn this into a 401). */
  async login(username: string, password: string, signal?: AbortSignal): Promise<string> {
    if (typeof username !== 'string' || username === '') checkUsername(username);
    checkPassword(password, 'password', 'The password');
    const res = await this.send('login', 'POST', this.path('auth/login/'), { auth: 'never', body: { username, password }, username, ...(signal ? { signal } : {}) });
    if (res.status !== 200 && res.status !== 201) {
      throw this.unsupported('Password login', `the controller answered HTTP ${res.status} (Drycc 1.4+ logs in through drycc-passport in a browser).`);
    }
    const j = this.json(res, 'login');
    const token = j && typeof j === 'object' ? (j as { token?: unknown }).token : undefined;
    if (typeof token === 'string' && token !== '') return token;
    if (j && typeof j === 'object' && 'key' in j) {
      throw this.unsupported('Password login', 'this controller uses drycc-passport (OAuth2) log-ins (Drycc 1.4+).');
    }
    throw badResponse({ op: 'login', url: this.info.url }, 'a login answer without a token', res.status);
  }

  // ── §2 register ────────────────────────────────────────────────────────────────────────────────────────────────

  /** POST auth/register/. Sends the held (admin) token if there is one, for registrationMode=admin_only. */
  async register(input: RegisterInput, signal?: AbortSignal): Promise<User> {
    const username = checkUsername(input?.username);
    const password = checkPassword(input.password, 'password', 'The password');
    if (typeof input.email !== 'string') {
      throw new AppError('INVALID_INPUT', 'An email address is required.', 'Enter an email address.', { fields: { email: ['This field is required.'] } });
    }
    const body: Record<string, string> = { username, password, email: input.email };
    if (input.firstName !== undefined) body.first_name = input.firstName;
    if (input.lastName !== undefined) body.last_name = input.lastName;
    const res = await this.send('register', 'POST', this.path('auth/register/'), { auth: 'optional', body, username, ...(signal ? { signal } : {}) });
    if (res.body.kind === 'json') {
      const u = toUser(res.body.json);
      if (u) return u;
    }
    return {
      username,
      email: input.email,
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
      isSuperuser: false,
      isStaff: false,
      isActive: true,
      dateJoined: null,
      lastLogin: null,
    };
  }

  // ── §4 whoami, cancel, passwd ──────────────────────────────────────────────────────────────────────────────────

  /** GET auth/whoami/ (Workflow v2.3+, Hephy, Drycc). */
  async whoami(signal?: AbortSignal): Promise<User> {
    if (!this.info.capabilities.whoami) {
      throw this.unsupported('"Who am I"', 'auth/whoami/ exists only on Workflow controller v2.3+ (and Hephy, Drycc).', 'The app shows the username you logged in with instead.');
    }
    const res = await this.send('whoami', 'GET', this.path('auth/whoami/'), { auth: 'required', ...(signal ? { signal } : {}) });
    return this.userFrom(this.json(res, 'whoami'), 'whoami');
  }

  /** DELETE auth/cancel/ (with a JSON body naming the user when given). Without a name: deletes YOUR account. */
  async cancel(username?: string, signal?: AbortSignal): Promise<void> {
    if (username !== undefined) {
      checkUsername(username);
      if (!this.info.capabilities.adminOnBehalf) {
        throw this.unsupported(
          'Deleting another user',
          'an administrator can delete other accounts only from Deis v1.10.',
          'Use the controller shell over SSH, or upgrade the controller.',
        );
      }
    }
    await this.send('cancel', 'DELETE', this.path('auth/cancel/'), {
      auth: 'required',
      ...(username !== undefined ? { body: { username }, username } : {}),
      ...(signal ? { signal } : {}),
    });
  }

  /** POST auth/passwd/. A wrong current password is BAD_CREDENTIALS (v2 answers 401, v1 400), never SESSION_EXPIRED. */
  async passwd(input: PasswdInput, signal?: AbortSignal): Promise<void> {
    const newPassword = checkPassword(input?.newPassword, 'new_password', 'The new password');
    const caps = this.info.capabilities;
    if (input.password !== undefined && typeof input.password !== 'string') checkPassword(input.password, 'password', 'The current password');
    if (input.username !== undefined) {
      checkUsername(input.username);
      if (!caps.adminOnBehalf) {
        const v17 = this.info.flavour === 'v1' && atLeast(this.info.apiVersion, '1.4');
        if (!v17) {
          throw this.unsupported("Changing another user's password", 'before Deis v1.7 the password can only be changed for your own account.', 'Use the controller shell over SSH, or upgrade the controller.');
        }
      }
    }
    if (this.info.flavour === 'v1' && !caps.adminOnBehalf && (input.password === undefined || input.password === '')) {
      // v1 before 1.10 always checks the current password; without it the controller answers 500.
      checkPassword(input.password, 'password', 'The current password');
    }
    const body: Record<string, string> = { new_password: newPassword };
    if (input.password !== undefined && input.password !== '') body.password = input.password;
    if (input.username !== undefined) body.username = input.username;
    await this.send('passwd', 'POST', this.path('auth/passwd/'), {
      auth: 'required',
      body,
      ...(input.username !== undefined ? { username: input.username } : {}),
      ...(signal ? { signal } : {}),
    });
  }

  // ── §5 tokens ──────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * POST auth/tokens/.
   * - `{}` / no argument: rotates YOUR token; returns it and the client keeps using it at once.
   * - `{ username }`: rotates that user's token (admin); returns it. (Naming yourself needs admin rights too.)
   * - `{ all: true }`: rotates EVERY token including yours; the server answers "" → `{ token: null }` and the client
   *   drops its token: log in again.
   */
  async regenerateToken(input: RegenerateInput = {}, signal?: AbortSignal): Promise<{ token: string | null }> {
    if (!this.info.capabilities.tokensApi) {
      throw this.unsupported('Resetting a token through the API', 'auth/tokens/ exists only from Deis v1.8.', 'Reset the token over SSH (Django shell) from the Tokens page.');
    }
    const all = 'all' in input && input.all === true;
    const username = !all && 'username' in input ? input.username : undefined;
    if ('all' in input && input.all !== true) {
      // Any value of "all", even false, rotates every token on the server; refuse anything but true.
      throw new AppError('INVALID_INPUT', '"all" must be true (the controller rotates every token for any value).', '');
    }
    if (username !== undefined) checkUsername(username);
    const body = all ? { all: true } : username !== undefined ? { username } : {};
    const res = await this.send('regenerateToken', 'POST', this.path('auth/tokens/'), {
      auth: 'required',
      body,
      ...(username !== undefined ? { username } : {}),
      ...(signal ? { signal } : {}),
    });
    if (all) {
      this.token = undefined;
      return { token: null };
    }
    const j = this.json(res, 'regenerateToken');
    const token = j && typeof j === 'object' ? (j as { token?: unknown }).token : undefined;
    if (typeof token !== 'string' || token === '') {
      if (j === '') return { token: null };
      throw badResponse({ op: 'regenerateToken', url: this.info.url }, 'a token answer without a token', res.status);
    }
    if (username === undefined) this.token = token;
    return { token };
  }

  // ── §6 users ───────────────────────────────────────────────────────────────────────────────────────────────────

  /** GET users/ (admin), every page; each page goes to onPage as it arrives; resolves to all users by username. */
  async listUsers(opts: ListOptions<User> = {}): Promise<User[]> {
    if (!this.info.capabilities.usersList) {
      throw this.unsupported('The users list', 'users/ exists only from Deis v1.6.', 'List users over SSH, or upgrade the controller.');
    }
    const users = await this.list('listUsers', 'users/', toUser, (u) => u.username, opts);
    return users.sort((a, b) => compareUsernames(a.username, b.username));
  }

  // ── §7 admin perms ─────────────────────────────────────────────────────────────────────────────────────────────

  /** GET admin/perms/ (admin), every page → the administrators' usernames, sorted. */
  async listAdmins(opts: ListOptions<string> = {}): Promise<string[]> {
    const names = await this.list('listAdmins', 'admin/perms/', toAdminName, (n) => n, opts);
    return names.sort(compareUsernames);
  }

  /** POST admin/perms/ {"username"} → 201. Idempotent. */
  async promote(username: string, signal?: AbortSignal): Promise<void> {
    checkUsername(username);
    await this.send('promote', 'POST', this.path('admin/perms/'), { auth: 'required', body: { username }, username, ...(signal ? { signal } : {}) });
  }

  /** DELETE admin/perms/<username>/ → 204. Unguarded on the server (self, last admin): warn in the UI. */
  async demote(username: string, signal?: AbortSignal): Promise<void> {
    checkUsername(username);
    if (DOTTED_RE.test(username) && !this.info.capabilities.dottedNamesInPaths) {
      throw this.unsupported(
        `Removing administrator rights from "${username}"`,
        'this controller does not accept ".", "@" or "+" in admin/perms/<name> URLs (Deis v1 and Workflow before v2.10 answer 404).',
        'Use the controller shell over SSH for this user, or upgrade the controller.',
      );
    }
    await this.send('demote', 'DELETE', this.path(`admin/perms/${encodeURIComponent(username)}/`), { auth: 'required', username, ...(signal ? { signal } : {}) });
  }

  // ── §9 enable / disable (Drycc) ────────────────────────────────────────────────────────────────────────────────

  async enable(username: string, signal?: AbortSignal): Promise<void> {
    await this.toggle('enable', username, signal);
  }

  /** PATCH users/<u>/disable/. Yourself → 423 → LOCKED. */
  async disable(username: string, signal?: AbortSignal): Promise<void> {
    await this.toggle('disable', username, signal);
  }

  private async toggle(op: 'enable' | 'disable', username: string, signal?: AbortSignal): Promise<void> {
    checkUsername(username);
    if (!this.info.capabilities.enableDisable) {
      throw this.unsupported(op === 'enable' ? 'Enabling users' : 'Disabling users', 'only Drycc 1.3+ has users/<name>/enable|disable/.');
    }
    await this.send(op, 'PATCH', this.path(`users/${encodeURIComponent(username)}/${op}/`), { auth: 'required', username, ...(signal ? { signal } : {}) });
  }

  // ── pagination ─────────────────────────────────────────────────────────────────────────────────────────────────

  private async list<T>(op: Operation, rest: string, map: (raw: unknown) => T | null, key: (t: T) => string, opts: ListOptions<T>): Promise<T[]> {
    const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
    const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new AppError('INVALID_INPUT', `The concurrency must be a whole number ≥ 1 (got ${concurrency}).`, '');
    }
    const bounds = opts.pageBounds;
    if (bounds && !(Number.isInteger(bounds.min) && Number.isInteger(bounds.max) && bounds.min >= 1 && bounds.max >= bounds.min)) {
      throw new AppError('INVALID_INPUT', `The page bounds must be whole numbers with 1 ≤ min ≤ max (got ${bounds.min}…${bounds.max}).`, '');
    }
    // An explicit page size keeps every page that size (the uniform plan); otherwise the adaptive plan.
    const adaptive = opts.pageSize === undefined;
    return fetchAllPages<T>({
      scheme: this.info.capabilities.pagination,
      pageSize,
      ...(adaptive ? { firstPageSize: opts.firstPageSize ?? DEFAULT_FIRST_PAGE_SIZE, speculativeSize: opts.speculativePageSize ?? DEFAULT_SPECULATIVE_PAGE_SIZE } : {}),
      ...(adaptive && bounds ? { bounds } : {}),
      concurrency,
      map,
      key,
      ...(opts.onPage ? { onPage: opts.onPage } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      bad: (what) => badResponse({ op, url: this.info.url }, what),
      fetchPage: async (query, signal) => {
        const res = await this.send(op, 'GET', this.path(rest), { auth: 'required', query, ...(signal ? { signal } : {}) });
        return this.json(res, op);
      },
    });
  }
}
