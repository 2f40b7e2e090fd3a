/** PutEvents as EventBridge validates it: request limits, per-entry errors, the envelope. */
import { randomUUID } from 'node:crypto';

export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
  Time?: number | string;
  EventBusName?: string;
}

export type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export class ValidationException extends Error {}

export const MAX_ENTRIES = 10;
export const MAX_REQUEST_BYTES = 256 * 1024;
export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';

/** Entry size as AWS documents it: source, detail type, detail and resources, plus 14 for Time. */
export function entrySize(entry: PutEventsEntry): number {
  const bytes = (s: string | undefined) => (s ? Buffer.byteLength(s, 'utf8') : 0);
  return (
    (entry.Time !== undefined ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, r) => sum + bytes(r), 0)
  );
}

export function validateRequest(entries: unknown): PutEventsEntry[] {
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ENTRIES) {
    throw new ValidationException(
      `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES} and greater than or equal to 1`,
    );
  }
  const total = (entries as PutEventsEntry[]).reduce((sum, e) => sum + entrySize(e), 0);
  if (total > MAX_REQUEST_BYTES) {
    throw new ValidationException(`Total size of the entries in the request is over the limit.`);
  }
  return entries as PutEventsEntry[];
}

const toIsoSeconds = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** Turns one entry into an envelope, or says why EventBridge would refuse it. */
export function toEnvelope(
  entry: PutEventsEntry,
  busName: string,
): { envelope: EventEnvelope } | { error: { ErrorCode: string; ErrorMessage: string } } {
  const bus = entry.EventBusName ?? 'default';
  const busMatches = bus === busName || bus.endsWith(`:event-bus/${busName}`);
  if (!busMatches) {
    return {
      error: {
        ErrorCode: 'NotAuthorizedForSourceException',
        ErrorMessage: `Event bus ${bus} does not exist.`,
      },
    };
  }
  if (!entry.Source)
    return {
      error: {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      },
    };
  if (!entry.DetailType)
    return {
      error: {
        ErrorCode: 'InvalidArgument',
        ErrorMessage:
          'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      },
    };
  if (!entry.Detail)
    return {
      error: {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
      },
    };
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    detail = undefined;
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return { error: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } };
  }
  const time =
    entry.Time === undefined
      ? new Date()
      : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time);
  return {
    envelope: {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: ACCOUNT,
      time: toIsoSeconds(Number.isNaN(time.getTime()) ? new Date() : time),
      region: REGION,
      resources: entry.Resources ?? [],
      detail: detail as Record<string, unknown>,
    },
  };
}
