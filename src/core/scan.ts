/**
 * One regular-expression pass over a document for the words the date finder and the claim finder start from:
 * date anchors (month names, four-digit years, "this/last/next week|month|year"), weekday names, and claim cues
 * (ordinals, speech verbs, "a day after"). Each pass over a long text costs about as much as any other, so one
 * combined pass replaces three. The result for the last text is kept: inference and claims share it.
 *
 * The alternatives never match overlapping text (each is a whole word or a fixed phrase of different words), so
 * the combined scan finds exactly the matches that separate scans of each kind would find.
 */

// A month name or abbreviation; abbreviations may take a full stop.
const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)`;
/** A four-digit year from 1800 to 2099, captured. */
export const YEAR4 = String.raw`(1[89]\d\d|20\d\d)`;

// Ordinal words, lower-case or capitalised, and "21st"-style ordinals; the second group holds the digits.
const ORDINAL = String.raw`([Ff](?:irst|ourth|ifth|ourteenth|ifteenth)|[Ss](?:econd|ixth|eventh|ixteenth|eventeenth)|[Tt](?:hird|enth|welfth|hirteenth|wentieth)|[Ee](?:ighth|leventh|ighteenth)|[Nn](?:inth|ineteenth)|(\d{1,3})(?:st|nd|rd|th))`;
// Speech and reporting verbs that cite a source, factored by first letters so that the scan stays cheap.
const SPEECH = String.raw`([Aa]ccording to|s(?:a(?:id|ys|y)|tate[sd])|t(?:old|ells)|a(?:dd(?:ed|s)|nnounce[sd])|re(?:port(?:ed|s)|corded)|estimate[sd]|c(?:onfirm(?:ed|s)|laim(?:ed|s)|ount(?:ed|s))|no(?:ted|tes)|w(?:arn(?:ed|s)|rote|rites)|insist(?:ed|s)|quoted|believe[sd]|documented|puts?)`;
// "a day after", "one year ago": an article (or "one") counting one time unit.
const ARTICLE_DURATION = String.raw`(?:[Aa]n?|[Oo]ne)\s+(?:hour|day|week|month|year|decade)\s+(?:after|before|later|earlier|ago)`;
const WEEKDAY = String.raw`(S(?:un|atur)|Mon|T(?:ues|hurs)|Wednes|Fri)day\b`;

// Groups 1-5 are the date anchor's (month; year and its "s"; this/last/next and the unit), 6 a weekday,
// 7 an ordinal (8 its digits), 9 a speech verb; a match with none of them is an article duration.
const SCAN_RE = new RegExp(
	String.raw`\b(?:(${MONTH})(?![a-z])|${YEAR4}(s)?\b|(this|last|next|This|Last|Next)\s+(week|month|year)\b|${WEEKDAY}|(?:${ORDINAL}|${SPEECH}|${ARTICLE_DURATION})\b)`,
	'g',
);

/** Group of an ordinal word (or the whole digit ordinal) in a cue match. */
export const ORDINAL_GROUP = 7;
/** Group of the digits of a "21st"-style ordinal in a cue match. */
export const ORDINAL_DIGITS_GROUP = 8;

/** What one scan of a text found, each list in text order. */
export interface TextScan {
	/** Date anchors: group 1 a month, 2 a year (3 its "s"), 4 this/last/next with 5 its unit. */
	anchors: RegExpExecArray[];
	/** Weekday names. */
	weekdays: RegExpExecArray[];
	/** Ordinals (see ORDINAL_GROUP, ORDINAL_DIGITS_GROUP). */
	ordinals: RegExpExecArray[];
	/** Speech and reporting verbs, "according to". */
	speech: RegExpExecArray[];
	/** "a day after", "one year ago". */
	durations: RegExpExecArray[];
}

let lastText: string | null = null;
let lastScan: TextScan = { anchors: [], weekdays: [], ordinals: [], speech: [], durations: [] };

/** Scans `text` once for date anchors, weekdays and claim cues; the same text again returns the kept result. */
export function scanText(text: string): TextScan {
	if (text === lastText) return lastScan;
	const scan: TextScan = { anchors: [], weekdays: [], ordinals: [], speech: [], durations: [] };
	SCAN_RE.lastIndex = 0;
	for (let m = SCAN_RE.exec(text); m; m = SCAN_RE.exec(text)) {
		if (m[1] !== undefined || m[2] !== undefined || m[4] !== undefined) scan.anchors.push(m);
		else if (m[6] !== undefined) scan.weekdays.push(m);
		else if (m[ORDINAL_GROUP] !== undefined) scan.ordinals.push(m);
		else if (m[9] !== undefined) scan.speech.push(m);
		else scan.durations.push(m);
	}
	lastText = text;
	lastScan = scan;
	return scan;
}
