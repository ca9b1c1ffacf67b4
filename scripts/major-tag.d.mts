// Types of major-tag.mjs for its unit test.
export function isPrerelease(tag: string): boolean;
export function majorTag(tag: string, existing?: string[]): string;
