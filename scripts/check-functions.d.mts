// Types of check-functions.mjs for its unit test.
export interface LongFunction {
  name: string;
  /** 1-based line of the function's signature. */
  line: number;
  lines: number;
}
export const MAX_LINES: number;
export function longFunctions(text: string, fileName: string, max?: number): LongFunction[];
export function checkFolder(dir: string, max?: number): (LongFunction & { file: string })[];
