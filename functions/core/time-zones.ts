/**
 * True for IANA zone names (`Europe/Paris`, `UTC`). Offsets such as `+02:00` are refused even
 * where the runtime's Intl accepts them: PostgreSQL would read them with the POSIX sign flipped.
 */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
