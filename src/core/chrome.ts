import type { Span } from './types';

/** Finds page chrome (navigation, sign-up prompts, "Keep reading...Show less", template residue, appended articles). */
export function findBoilerplate(_text: string): Span[] {
	return [];
}
