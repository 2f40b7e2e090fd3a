/**
 * The API client: bearer token on every call, JSON in and out, and one error type whose
 * message a page can show as it is (API down, signed out, validation, not found…).
 */
import type { paths } from './api-types';
import { type Auth, SignInRequired } from './auth';

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    message: string,
    readonly code?: string,
    /** Seconds the API asked to wait before trying again (`Retry-After`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get signInRequired(): boolean {
    return this.status === 401;
  }

  /** The database is resuming from a pause: the same request works in a few seconds. */
  get databaseWaking(): boolean {
    return this.status === 503 && this.code === 'database_waking';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

// Operations of the generated OpenAPI types (./api-types.ts), keyed by method and by path
// relative to the API's base (`/sessions/{id}`), with what each takes and answers.
type Method = 'get' | 'post' | 'put' | 'delete';
type Relative<P> = P extends `/api/analytics${infer R}` ? R : never;
export type Operations<M extends Method> = {
  [P in keyof paths as paths[P][M] extends object ? Relative<P> : never]: paths[P][M];
};
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON body of an operation's successful answer. */
export type AnswerOf<O> = O extends { responses: infer R }
  ? R extends { 200: infer A }
    ? JsonOf<A>
    : R extends { 201: infer A }
      ? JsonOf<A>
      : never
  : never;
type Part<O, K extends 'path' | 'query'> = O extends { parameters: { [P in K]?: infer X } }
  ? X
  : never;
type BodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;
export interface CallOptions<O> {
  params?: Part<O, 'path'>;
  query?: Part<O, 'query'>;
  body?: BodyOf<O>;
  signal?: AbortSignal;
  /** See `RequestOptions.background`. */
  background?: boolean;
}

/** `/goals/{id}` with `{ id: '7' }` → `/goals/7`. */
const fillPath = (template: string, params: unknown) =>
  template.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(String((params as Record<string, unknown> | undefined)?.[name] ?? '')),
  );

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * A read nothing on screen waits for (class names, the header's timer): sent once the reads
   * of what the page shows have answered. The browser runs six requests at a time and the API
   * answers them in turn, so a background read sent first delays the page.
   */
  background?: boolean;
}

const withQuery = (base: string, path: string, query: Query | undefined) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return `${base}${path}${search ? `?${search}` : ''}`;
};

/** A readable message for an error answer (`{error, message, issues}` from the API). */
async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as
    | { error?: string; message?: string }
    | undefined;
  if (response.status === 503 && body?.error === 'database_waking') {
    const seconds = Number(response.headers.get('retry-after'));
    return new ApiError(
      503,
      'The database is waking up, retrying…',
      body.error,
      Number.isFinite(seconds) && seconds > 0 ? seconds : undefined,
    );
  }
  const message =
    response.status === 401
      ? 'Your sign-in has expired. Sign in again.'
      : response.status === 404 && !body?.error
        ? 'This part of the API is not available yet.'
        : response.status >= 500
          ? 'The server had a problem answering. Try again in a moment.'
          : (body?.message ?? `The request failed (HTTP ${response.status}).`);
  return new ApiError(response.status, message, body?.error);
}

/** Where the client gets its bearer token: the dashboard's sign-in, or a test's dev issuer. */
export type TokenSource = Pick<Auth, 'token' | 'rejected' | 'signedOut'>;

export class Api {
  /** Reads of what the page shows, not yet answered. */
  private foreground = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly base: string,
    private readonly auth: TokenSource,
  ) {}

  /** The raw answer, for non-JSON bodies (CSV, HTML). Retries once with a fresh token on 401. */
  async fetch(path: string, options: RequestOptions = {}): Promise<Response> {
    if (options.background) {
      // A turn of the event loop first: the page's reads of the same render are counted by then.
      await new Promise((resolve) => setTimeout(resolve, 0));
      while (this.foreground > 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
      return this.send(path, options);
    }
    this.foreground += 1;
    try {
      return await this.send(path, options);
    } finally {
      this.foreground -= 1;
      if (this.foreground === 0) for (const go of this.waiting.splice(0)) go();
    }
  }

  private async send(path: string, options: RequestOptions, retried = false): Promise<Response> {
    let token: string;
    try {
      token = await this.auth.token();
    } catch (err) {
      if (err instanceof SignInRequired) throw new ApiError(401, err.message, 'sign_in_required');
      throw err;
    }
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      ...options.headers,
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(withQuery(this.base, path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
    }
    if (response.status === 401) {
      this.auth.rejected(token);
      if (!retried) return this.send(path, options, true);
      this.auth.signedOut('Your sign-in has expired.');
    }
    if (!response.ok) throw await failure(response);
    return response;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.fetch(path, options);
    return (await response.json()) as T;
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal, background = false): Promise<T> {
    return this.request<T>(path, { query, signal, background });
  }

  /**
   * A call typed by the OpenAPI document: the path is one the API documents for the method,
   * parameters, query and body are checked against it, and the answer is its documented shape.
   */
  call<M extends Method, P extends keyof Operations<M>>(
    method: M,
    path: P & string,
    options: CallOptions<Operations<M>[P]> = {},
  ): Promise<AnswerOf<Operations<M>[P]>> {
    return this.request(fillPath(path, options.params), {
      method: method.toUpperCase() as RequestOptions['method'],
      query: options.query as Query | undefined,
      body: options.body,
      signal: options.signal,
      background: options.background,
    });
  }
}
