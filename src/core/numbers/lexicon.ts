/** Word tables for the number recogniser: English cardinals, ordinals, scales and their abbreviations. */

/** How a cardinal word combines with its neighbours. */
export type CardinalKind = 'zero' | 'unit' | 'teen' | 'tens' | 'hundred' | 'scale';

/** A cardinal word and its value. */
export interface CardinalWord {
	kind: CardinalKind;
	value: number;
}

const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
/** Scale words, including the Indian lakh and crore used in South Asian English news. */
const SCALES: [string, number][] = [
	['thousand', 1e3], ['lakh', 1e5], ['lac', 1e5], ['million', 1e6], ['crore', 1e7], ['billion', 1e9], ['trillion', 1e12],
];

/** Lower-case cardinal words ("seven", "ninety", "hundred", "million") to their kind and value. */
export const CARDINALS = new Map<string, CardinalWord>();
for (const w of ['zero', 'nought', 'naught', 'nil']) CARDINALS.set(w, { kind: 'zero', value: 0 });
UNITS.forEach((w, i) => CARDINALS.set(w, { kind: 'unit', value: i + 1 }));
TEENS.forEach((w, i) => CARDINALS.set(w, { kind: 'teen', value: i + 10 }));
TENS.forEach((w, i) => CARDINALS.set(w, { kind: 'tens', value: (i + 2) * 10 }));
CARDINALS.set('fourty', { kind: 'tens', value: 40 });
CARDINALS.set('hundred', { kind: 'hundred', value: 100 });
for (const [w, v] of SCALES) CARDINALS.set(w, { kind: 'scale', value: v });
CARDINALS.delete('nil'); // "nil" is mostly a score or "nothing"; keep it out.

/** Plural scale words: after a number they act as the scale ("five hundreds"); alone they are vague counts. */
export const PLURAL_SCALES = new Map<string, number>([
	['hundreds', 100], ['thousands', 1e3], ['lakhs', 1e5], ['millions', 1e6], ['crores', 1e7], ['billions', 1e9], ['trillions', 1e12],
	['dozens', 12],
]);

/** Scale abbreviations written after digits ("3k", "1.2bn", "10 bln"); case-insensitive ones. */
export const SCALE_ABBREVIATIONS = new Map<string, number>([
	['k', 1e3], ['thousand', 1e3], ['bn', 1e9], ['bln', 1e9], ['b', 1e9], ['mn', 1e6], ['mln', 1e6], ['mil', 1e6], ['mill', 1e6],
	['tn', 1e12], ['tln', 1e12], ['trn', 1e12], ['dz', 12], ['dzs', 12], ['doz', 12], ['dozs', 12],
]);

/** Abbreviations that only count in upper case, because lower case is a unit ("1m" is a metre, "9mm" a calibre). */
export const UPPER_SCALE_ABBREVIATIONS = new Map<string, number>([['M', 1e6], ['MM', 1e6], ['G', 1e9]]);

/** An ordinal word ("fifth", "hundredths") and the cardinal it stands for. */
export interface OrdinalWord {
	value: number;
	/** The cardinal kind of the same number, for building compounds ("twenty-fifth"). */
	kind: CardinalKind;
	plural: boolean;
}

const ORDINAL_UNITS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const ORDINAL_TEENS = ['tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth'];
const ORDINAL_TENS = ['twentieth', 'thirtieth', 'fortieth', 'fiftieth', 'sixtieth', 'seventieth', 'eightieth', 'ninetieth'];

/** Lower-case ordinal words, singular and plural ("third", "thirds"), to their value. */
export const ORDINALS = new Map<string, OrdinalWord>();
function addOrdinal(word: string, value: number, kind: CardinalKind): void {
	ORDINALS.set(word, { value, kind, plural: false });
	ORDINALS.set(word + 's', { value, kind, plural: true });
}
ORDINAL_UNITS.forEach((w, i) => addOrdinal(w, i + 1, 'unit'));
ORDINAL_TEENS.forEach((w, i) => addOrdinal(w, i + 10, 'teen'));
ORDINAL_TENS.forEach((w, i) => addOrdinal(w, (i + 2) * 10, 'tens'));
addOrdinal('hundredth', 100, 'hundred');
for (const [w, v] of SCALES) addOrdinal(w + 'th', v, 'scale');

/** Words for a denominator that are not ordinals. */
export const FRACTION_NOUNS = new Map<string, OrdinalWord>([
	['half', { value: 2, kind: 'unit', plural: false }],
	['halves', { value: 2, kind: 'unit', plural: true }],
	['quarter', { value: 4, kind: 'unit', plural: false }],
	['quarters', { value: 4, kind: 'unit', plural: true }],
]);

/** Vulgar-fraction characters and their values. */
export const VULGAR_FRACTIONS = new Map<string, number>([
	['½', 1 / 2], ['⅓', 1 / 3], ['⅔', 2 / 3], ['¼', 1 / 4], ['¾', 3 / 4], ['⅕', 1 / 5], ['⅖', 2 / 5], ['⅗', 3 / 5], ['⅘', 4 / 5],
	['⅙', 1 / 6], ['⅚', 5 / 6], ['⅛', 1 / 8], ['⅜', 3 / 8], ['⅝', 5 / 8], ['⅞', 7 / 8], ['⅐', 1 / 7], ['⅑', 1 / 9], ['⅒', 1 / 10],
]);

/** Words that make "one" a pronoun rather than a number ("the one you mentioned", "which one"). */
export const PRONOUN_ONE_BEFORE = new Set(['the', 'this', 'that', 'which', 'each', 'every', 'any', 'no', 'another', 'last', 'next', 'other', 'new', 'old', 'same', 'little', 'big']);

/** Hedges that mark a figure as approximate ("around 4,000", "nearly half"). */
export const HEDGES: string[][] = [
	['about'], ['around'], ['roughly'], ['approximately'], ['approx'], ['some'], ['nearly'], ['almost'], ['circa'], ['ca'],
	['an', 'estimated'], ['estimated'], ['close', 'to'], ['more', 'or', 'less'], ['an', 'approximate'], ['approximate'],
	['just', 'about'], ['~'], ['roughly', 'about'], ['somewhere', 'around'], ['in', 'the', 'region', 'of'], ['on', 'the', 'order', 'of'],
	['of', 'the', 'order', 'of'],
];

/** Time units: "2000 over 3 years" is a sum over a period, not a fraction. */
export const TIME_UNITS = new Set(['second', 'seconds', 'minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'decade', 'decades', 'century', 'centuries']);

/**
 * Number words that may start or belong to a numeric expression; text far from all of them holds no
 * number. "first" and "second" alone never yield one, and they are common, so they are left out.
 */
export const TRIGGER_WORDS: string[] = [
	...CARDINALS.keys(), ...[...ORDINALS.keys()].filter((w) => w !== 'first' && w !== 'second'), ...FRACTION_NOUNS.keys(),
	...PLURAL_SCALES.keys(), 'dozen', 'scores', 'couple',
];
