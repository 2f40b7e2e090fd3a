import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDevIssuer, type TokenOptions } from '../../local/dev-issuer';

export const apiUrl = () => inject('apiUrl');
const issuer = () => createDevIssuer(undefined, inject('signingKeyPem'));

export const tokenFor = (options: TokenOptions) => issuer().token(options);

/** A fresh user per test keeps tests independent on a shared database. */
export const newUser = (label = 'student') => `${label}-${randomUUID()}`;

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the API as `user` (or with an explicit token / none) over real HTTP. */
export async function call<T = any>(
  method: string,
  path: string,
  options: {
    user?: string;
    token?: string | null;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const token =
    options.token === undefined && options.user ? tokenFor({ user: options.user }) : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${apiUrl()}${path}`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // non-JSON answers (none expected) stay as text for the assertion message
  }
  return { status: response.status, headers: response.headers, body: body as T };
}
