import type { NumberMention } from './types';

/** Finds every numeric expression: numbers in digits or words, ranges with qualifiers, percentages. */
export function findNumbers(_text: string): NumberMention[] {
	return [];
}
