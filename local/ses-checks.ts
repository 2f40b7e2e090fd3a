/**
 * What SES v2 refuses in a SendEmail request, so the local SES refuses it too:
 * - message headers (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_MessageHeader.html):
 *   a name of printable ASCII without a colon, at most 126 characters; a value of printable
 *   ASCII, at most 870 characters; at most 15 of them, each name once;
 * - addresses that are no addresses (BadRequestException), a sender whose identity is not
 *   verified, and in the sandbox a recipient who is not verified (MessageRejected)
 *   (https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html).
 */

export interface SesRefusal {
  status: number;
  type: 'BadRequestException' | 'MessageRejected';
  message: string;
}

const HEADER_NAME = /^[!-9;-~]{1,126}$/;
const HEADER_VALUE = /^[ -~]{1,870}$/;
const MAX_HEADERS = 15;
/** local@domain.tld, after an optional display name in angle brackets. */
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

const badRequest = (message: string): SesRefusal => ({
  status: 400,
  type: 'BadRequestException',
  message,
});
const rejected = (message: string): SesRefusal => ({
  status: 400,
  type: 'MessageRejected',
  message,
});

/** The bare address of `Name <address>` or `address`, or undefined when it is none. */
export function addressOf(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const bracketed = /<([^<>]*)>\s*$/.exec(text);
  const address = (bracketed ? bracketed[1] : text)?.trim() ?? '';
  return ADDRESS.test(address) ? address.toLowerCase() : undefined;
}

export interface Identities {
  /** Verified addresses and domains (lower case). */
  verified: ReadonlySet<string>;
  /** In the sandbox recipients must be verified too. */
  sandbox: boolean;
}

const isVerified = (address: string, identities: Identities) =>
  identities.verified.has(address) || identities.verified.has(address.split('@')[1] ?? '');

function checkHeaders(headers: unknown): SesRefusal | undefined {
  if (headers === undefined) return undefined;
  if (!Array.isArray(headers)) return badRequest('Headers must be a list');
  if (headers.length > MAX_HEADERS) {
    return badRequest(`A message can have at most ${MAX_HEADERS} headers`);
  }
  const seen = new Set<string>();
  for (const header of headers as { Name?: unknown; Value?: unknown }[]) {
    const name = typeof header?.Name === 'string' ? header.Name : '';
    const value = typeof header?.Value === 'string' ? header.Value : '';
    if (!HEADER_NAME.test(name)) {
      return badRequest(
        `Invalid header name ${JSON.stringify(name)}: printable ASCII without ':', at most 126 characters`,
      );
    }
    if (!HEADER_VALUE.test(value)) {
      return badRequest(`Invalid value for header ${name}: printable ASCII, 1 to 870 characters`);
    }
    const key = name.toLowerCase();
    if (seen.has(key)) return badRequest(`Duplicate header ${name}`);
    seen.add(key);
  }
  return undefined;
}

/** The parts of a SendEmail body the checks read (as the SDK serialises it). */
export interface SendEmailBody {
  FromEmailAddress?: unknown;
  Destination?: { ToAddresses?: unknown[]; CcAddresses?: unknown[]; BccAddresses?: unknown[] };
  Content?: { Simple?: { Headers?: unknown }; Raw?: unknown };
}

/** Why SES would refuse this SendEmail body, or undefined when it would accept it. */
export function checkSendEmail(
  body: SendEmailBody,
  identities: Identities,
): SesRefusal | undefined {
  const from = addressOf(body.FromEmailAddress);
  if (!from) return badRequest(`Illegal address: ${String(body.FromEmailAddress)}`);
  const destination = body.Destination ?? {};
  const recipients: unknown[] = [
    ...(destination.ToAddresses ?? []),
    ...(destination.CcAddresses ?? []),
    ...(destination.BccAddresses ?? []),
  ];
  if (recipients.length === 0 && !body.Content?.Raw) {
    return badRequest('Missing required header: at least one recipient is required');
  }
  const addresses: string[] = [];
  for (const recipient of recipients) {
    const address = addressOf(recipient);
    if (!address) return badRequest(`Illegal address: ${String(recipient)}`);
    addresses.push(address);
  }
  const refusal = checkHeaders(body.Content?.Simple?.Headers);
  if (refusal) return refusal;
  if (!isVerified(from, identities)) {
    return rejected(
      `Email address is not verified. The following identities failed the check: ${from}`,
    );
  }
  if (identities.sandbox) {
    const unverified = addresses.filter((address) => !isVerified(address, identities));
    if (unverified.length > 0) {
      return rejected(
        `Email address is not verified. The following identities failed the check: ${unverified.join(', ')}`,
      );
    }
  }
  return undefined;
}
