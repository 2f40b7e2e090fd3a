/**
 * Domain errors thrown by core/ and data/. One middleware (platform/http) turns them into
 * JSON answers; anything else becomes a 500 that reveals nothing.
 */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Extra JSON fields for the answer, e.g. the id of the session that is already active. */
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class NotFound extends DomainError {
  readonly status = 404;
  readonly code = 'not_found';
}

export class Conflict extends DomainError {
  readonly status = 409;
  readonly code = 'conflict';
}

export class Invalid extends DomainError {
  readonly status = 400;
  readonly code = 'validation_error';
  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  }
}

export class Unauthorized extends DomainError {
  readonly status = 401;
  readonly code = 'unauthorized';
}

export class PayloadTooLarge extends DomainError {
  readonly status = 413;
  readonly code = 'payload_too_large';
}

export class UnsupportedMediaType extends DomainError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
}

export class Unprocessable extends DomainError {
  readonly status = 422;
  readonly code = 'unprocessable';
}
