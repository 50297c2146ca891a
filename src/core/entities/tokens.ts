/** Tokenisation for the entity recogniser: words, dotted abbreviations and single punctuation marks, with offsets. */
import { DOTTED_ABBREVIATIONS } from './lexicon';

/** One token of the text. Offsets are UTF-16 code units, end exclusive. */
export interface Token {
	start: number;
	end: number;
	text: string;
	/** A run of letters/digits, or a dotted abbreviation such as "U.S.". */
	isWord: boolean;
	/** Starts with an upper-case letter. */
	cap: boolean;
	/** Two or more letters, all upper case ("SANA", "U.S."). */
	allCaps: boolean;
	/** Whitespace (without a line break) separates it from the previous token. */
	spaceBefore: boolean;
	/** A line break separates it from the previous token. */
	lineBefore: boolean;
	/** First word of a sentence, a line or a quotation, where capitals say little. */
	sentenceStart: boolean;
}

const TOKEN = /(?:[A-Z]\.){2,}|[\p{L}\p{M}\p{N}]+|\S/gu;
const UPPER = /\p{Lu}/u;
const OPENERS = new Set(['“', '"', '‘', "'", '(', '[', '«', '*', '-', '–', '—', '•']);
const ENDERS = new Set(['.', '!', '?', ':', '…', ';']);

/** Splits text into tokens and marks sentence starts. Linear in the text's length. */
export function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let previousEnd = 0;
	TOKEN.lastIndex = 0;
	for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
		const word = m[0];
		const start = m.index;
		let lineBefore = false;
		for (let i = previousEnd; i < start; i++) {
			if (text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13) {
				lineBefore = true;
				break;
			}
		}
		const first = word[0];
		const isWord = word.length > 1 || /[\p{L}\p{N}]/u.test(first);
		const letters = word.replace(/[^\p{L}]/gu, '');
		tokens.push({
			start,
			end: start + word.length,
			text: word,
			isWord,
			cap: isWord && UPPER.test(first),
			allCaps: letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase(),
			spaceBefore: start > previousEnd && !lineBefore,
			lineBefore: lineBefore || tokens.length === 0,
			sentenceStart: false,
		});
		previousEnd = start + word.length;
	}
	markSentenceStarts(tokens);
	return tokens;
}

/** A word token opens a sentence after a line break, a sentence-ending mark, or an opening quote that does. */
function markSentenceStarts(tokens: Token[]): void {
	let atStart = true;
	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i];
		if (t.lineBefore) atStart = true;
		if (t.isWord) {
			t.sentenceStart = atStart;
			atStart = false;
			continue;
		}
		if (ENDERS.has(t.text)) {
			// "Mr." and "J." are not sentence ends; "U.S." is a token of its own and never reaches here.
			const prev = tokens[i - 1];
			const abbreviation = t.text === '.' && prev && prev.end === t.start && prev.isWord && (DOTTED_ABBREVIATIONS.has(prev.text) || /^\p{Lu}$/u.test(prev.text));
			if (!abbreviation) atStart = true;
		} else if (!OPENERS.has(t.text)) {
			atStart = false;
		}
	}
}
