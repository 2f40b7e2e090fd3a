/**
 * A class's colour, the same on every chart and every visit: picked from the class's number,
 * not from its rank in a period (which changes), and grey for study without a class.
 */
const PALETTE_SIZE = 6;

/** The theme variable (`--class-N`) of a class's colour. */
export function classColor(classId: number | null): string {
  return classId === null ? '--class-none' : `--class-${Math.abs(classId) % PALETTE_SIZE}`;
}
