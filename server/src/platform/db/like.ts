/**
 * LIKE patterns from what a person typed: `%` and `_` (and the escape `\`) are characters to find,
 * not wildcards. The input is NFKC-folded first, so full-width letters and digits match (a search box
 * filled from a Chinese IME).
 */
export const likeEscape = (text: string): string => text.normalize('NFKC').replace(/[\\%_]/g, (c) => `\\${c}`);

/** Any part of a text: `%…%`. */
export const containing = (text: string): string => `%${likeEscape(text)}%`;

/** The start of a text: `…%`. */
export const startingWith = (text: string): string => `${likeEscape(text)}%`;
