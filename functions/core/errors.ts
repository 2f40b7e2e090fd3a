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

/** Each kind of error is its status and its code; the class name says which. */
function errorKind<Status extends number, Code extends string>(status: Status, code: Code) {
  return class extends DomainError {
    readonly status = status;
    readonly code = code;
  };
}

export class NotFound extends errorKind(404, 'not_found') {}

export class Conflict extends errorKind(409, 'conflict') {}

export class Invalid extends errorKind(400, 'validation_error') {
  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
  }
}

export class Unauthorized extends errorKind(401, 'unauthorized') {}

export class PayloadTooLarge extends errorKind(413, 'payload_too_large') {}

export class UnsupportedMediaType extends errorKind(415, 'unsupported_media_type') {}

export class Unprocessable extends errorKind(422, 'unprocessable') {}
