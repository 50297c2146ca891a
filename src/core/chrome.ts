import type { Span } from './types';

/** One line of the document, without its line break. */
interface Line {
	start: number;
	end: number;
	text: string;
}

/** Splits text into lines; `end` excludes "\n" and a trailing "\r". */
function splitLines(text: string): Line[] {
	const lines: Line[] = [];
	let start = 0;
	for (;;) {
		let nl = text.indexOf('\n', start);
		const last = nl === -1;
		if (last) nl = text.length;
		const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
		lines.push({ start, end, text: text.slice(start, end) });
		if (last) break;
		start = nl + 1;
	}
	return lines;
}

// Lines that are chrome whatever their length: skip links, teaser toggles and unrendered templates.
const ALWAYS_CHROME = [
	/^\s*skip to (?:the )?(?:main )?(?:content|navigation|article)\b/i,
	/\bkeep reading\b.{0,6}\bshow (?:less|more)\b/i,
	/\{\{[^{}]{0,200}\}\}|\{%[^%]{0,200}%\}/,
];

// Short lines (menus, section headers of link lists, buttons).
const SHORT_CHROME = [
	/^\s*(?:more on this(?: story)?|related topics|share this with|share this|more from|more in|most read|most popular|most viewed|most shared|related(?: stories| articles| content| news| coverage| topics| posts)?|recommended(?: for you| stories| reading)?|trending(?: now)?|you may also like|you might also like|read next|read more|also read|see also|latest(?: news| stories)?|top stories|editor'?s picks|popular now|more stories|more news|further reading)\b/i,
	/^\s*(?:show (?:less|more)|load more|see more|view more|view comments|comments?|advertisement|sponsored(?: content)?|share(?: this(?: article| story)?| on \w+)?|tweet|print|email|menu|search|home|log ?in|sign ?in|register|close|facebook|twitter|x|whatsapp|linkedin|reddit|pinterest|telegram|messenger|flipboard|copy link|copy this link)\s*[.:!]?\s*$/i,
	/^\s*(?:follow us|like us on|download (?:the|our) app|listen to this article|watch:|video:|continue reading|story continues below|loading\b|scroll (?:down|to continue)|back to top|jump to)/i,
	/(?:^|\s)[|•·](?:\s|$).*(?:\s)[|•·](?:\s|$)/, // "News | World | Sport" menus
	// Breadcrumbs: "Home › World › Asia", "News » Europe", "Home > Politics".
	/^\s*(?:home|news|start)\s*[›»>]\s*\S|(?:^|\s)[›»](?:\s|$).*\s[›»](?:\s|$)/i,
];

// Sign-up, subscription and promotion prompts; only taken on lines too short to be article paragraphs.
const PROMO = [
	/\b(?:sign(?:ing)? up|subscribe|subscription|newsletters?|unsubscribe|your inbox|delivered to your inbox)\b/i,
	/\b(?:republish(?:ing)?|fill out this form|can be found here|click here|learn more about|all rights reserved|cookie policy|privacy policy|terms of (?:use|service))\b/i,
	// A copyright notice, not a photo credit ("Image copyright AFP" credits the article's own photo).
	/©\s*(?:\d{4}|copyright)|\bcopyright\s*(?:©\s*)?\d{4}/i,
];

// Markers of a list of teasers for other stories; seen after the article, they mean the tail is not the article.
const TEASER = /\bkeep reading\b|\bshow less\b|\bread more\b|\bcontinue reading\b|\{\{/i;

// Every ALWAYS_CHROME, PROMO and TEASER pattern holds one of these triggers. Only lines short enough to be a
// prompt are tested (long ones only near the top or bottom of the page, where promo blurbs sit), so most of an
// article's prose is never scanned; template residue is searched everywhere with a plain indexOf.
// Factored by first letters: the same triggers, tested at each position at about two thirds of the cost.
const TRIGGER = /\{[{%]|©|s(?:kip to|how less|ign(?:ing)?[ -]?up|ubscri)|keep reading|re(?:ad more|publish)|c(?:ontinue reading|lick here|an be found here|opyright)|newsletter|inbox|fill out this form|rights reserved|privacy/i;

const MONTH_NAME = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
// A byline, a photo credit, a publication stamp or a date alone on its line.
const BYLINE_OR_DATE = new RegExp(
	String.raw`^\s*(?:by\s+\p{Lu}|photo(?:graph)?s?(?:\s+by)?\s*:|photo by\s|published\b|updated\b|posted\b)|^\s*(?:\p{L}+,?\s+)?(?:${MONTH_NAME}\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+${MONTH_NAME}\s+\d{4})\s*$`,
	'iu',
);

const YEAR = /\b(1[89]\d\d|20\d\d)\b/g;

// A byline, a publication stamp or a date alone on its line, but not a photo credit: photo credits also sit under
// an article's own sub-heads, so they cannot mark where a new story starts.
const BYLINE_OR_STAMP = new RegExp(
	String.raw`^\s*(?:by\s+\p{Lu}|published\b|updated\b|posted\b)|^\s*(?:\p{L}+,?\s+)?(?:${MONTH_NAME}\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+${MONTH_NAME}\s+\d{4})\s*$`,
	'iu',
);

// A dateline opening a story's first paragraph: "TOKYO —", "SAN JOSE, Costa Rica –", "LAGOS (Reuters) -".
const DATELINE = /^\s*\p{Lu}[\p{Lu}'’.-]+(?:\s+\p{Lu}[\p{Lu}'’.-]+){0,3}(?:,\s*\p{Lu}[\p{L}.]+(?:\s+\p{Lu}[\p{L}.]+){0,2})?\s*(?:\([^)]{1,30}\)\s*)?[—–-]\s/u;

// Source and reporting credits that close an article ("Reporting by ...", "Source: Reuters", "with agencies").
const CREDIT = /\b(?:reporting|reported by|contributed|contributing|edited by|editing by|writing by|written by|source|sources|agencies|wires|photo|photos|credit)\b/i;

// Lines that belong to the article although they are short and unpunctuated: source and reporting credits,
// and captions of its photos (credits, "pictured", people shown doing something).
const CREDIT_OR_CAPTION = /\b(?:reporting|reported by|contributed|contributing|edited by|editing by|writing by|written by|source|sources|agencies|photo|photos|photograph|image|images|picture|pictured|file|credit|caption|courtesy|seen|shown|poses?|posing|gestures?|gesturing|walks?|walking|stands?|standing|sits?|sitting|waves?|waving|attends?|attending|holds?|holding|arrives?|arriving|speaks?|speaking|background|foreground|left|right|centre|center)\b/i;

/** True when a line reads as a sentence of reported prose rather than a prompt (it attributes speech). */
function looksReported(line: string): boolean {
	return /\b(?:said|says|told|according to|reported)\b/i.test(line);
}

/** Classifies one non-blank line on its own; `triggered` says whether it holds a prompt or template trigger. */
function isChromeLine(line: string, triggered: boolean): boolean {
	const t = line.trim();
	const look = triggered || t.length <= 80;
	if (look && ALWAYS_CHROME.some((re) => re.test(t))) return true;
	if (t.length <= 60 && SHORT_CHROME.some((re) => re.test(t))) return true;
	if (look && t.length <= 320 && !looksReported(t) && PROMO.some((re) => re.test(t))) return true;
	return false;
}

/** True for a line that reads like a headline: short, no closing full stop, most words capitalised. */
function looksLikeHeadline(line: string): boolean {
	const t = line.trim();
	if (t.length < 15 || t.length > 120 || /[.:;,]$/.test(t)) return false;
	// One pass over the characters, counting words that start with a letter and those that start upper-case.
	let words = 0;
	let caps = 0;
	for (let i = 0; i < t.length; i++) {
		if (i > 0 && t[i - 1] !== ' ') continue;
		const code = t.charCodeAt(i);
		if (code < 128) {
			// ASCII: compare codes, no case conversion
			const up = code >= 65 && code <= 90;
			if (!up && !(code >= 97 && code <= 122)) continue;
			words++;
			if (up) caps++;
			continue;
		}
		const c = t[i];
		const lower = c.toLowerCase();
		const upper = c.toUpperCase();
		if (lower === upper) continue; // not a letter
		words++;
		if (c === upper) caps++;
	}
	return words >= 4 && caps / words >= 0.75;
}

/** Index of the line holding `offset`, moving a cursor forward (offsets come in order). */
function lineCursor(lines: Line[]): (offset: number) => number {
	let i = 0;
	return (offset) => {
		while (i + 1 < lines.length && lines[i + 1].start <= offset) i++;
		return i;
	};
}

/**
 * Finds where unrelated content appended after the article begins, or -1.
 * A tail starts at a chrome line in the back part of the document; what follows must be all chrome, or
 * carry the teaser markers of a story list together with a headline, or be dated years after the article.
 * Suffix and prefix tallies keep this one pass over the lines.
 */
function appendedTailStart(text: string, lines: Line[], chrome: boolean[], blank: boolean[], teaser: boolean[]): number {
	const n = lines.length;
	// Where another story may begin: a chrome line, or a headline followed closely by a byline, date or photo credit.
	const storyHead = (i: number): boolean => {
		if (blank[i] || chrome[i] || lines[i].end - lines[i].start > 120 || !looksLikeHeadline(lines[i].text)) return false;
		for (let j = i + 1, seen = 0; j < n && seen < 3; j++) {
			if (blank[j]) continue;
			seen++;
			if (lines[j].end - lines[j].start <= 120 && BYLINE_OR_DATE.test(lines[j].text)) return true;
		}
		return false;
	};
	const head = lines.map((l, i) => l.start >= text.length * 0.4 && storyHead(i));
	// Where another story begins after the end-of-article chrome: a short unpunctuated headline, in any case,
	// followed by a byline, a date line or a paragraph that opens with a dateline ("TOKYO — ...").
	const storyStart = (i: number): boolean => {
		const t = lines[i].text.trim();
		if (blank[i] || chrome[i] || t.length > 120 || t.length < 15 || /[.!,;:]["”’']*$/.test(t) || t.split(/\s+/).length < 3) return false;
		for (let j = i + 1, seen = 0; j < n && seen < 2; j++) {
			if (blank[j]) continue;
			seen++;
			if (lines[j].end - lines[j].start <= 120 && BYLINE_OR_STAMP.test(lines[j].text)) return true;
			if (DATELINE.test(lines[j].text.slice(0, 80))) return true;
		}
		return false;
	};
	const from = lines.findIndex((l, i) => (chrome[i] && l.start >= text.length * 0.4) || head[i]);
	if (from === -1) return -1;
	// Typed arrays: per-line tallies kept off the garbage-collected heap.
	const minYear = new Float64Array(n).fill(Infinity);
	const maxYear = new Float64Array(n).fill(-Infinity);
	const at = lineCursor(lines);
	for (const m of text.matchAll(YEAR)) {
		const i = at(m.index);
		if (chrome[i]) continue;
		const y = Number(m[1]);
		minYear[i] = Math.min(minYear[i], y);
		maxYear[i] = Math.max(maxYear[i], y);
	}
	const prefixMaxYear = new Float64Array(n + 1).fill(-Infinity);
	for (let i = 0; i < n; i++) prefixMaxYear[i + 1] = Math.max(prefixMaxYear[i], maxYear[i]);
	const suffixMinYear = new Float64Array(n + 1).fill(Infinity);
	const suffixTeasers = new Int32Array(n + 1);
	const suffixProse = new Int32Array(n + 1);
	const suffixHeadlines = new Int32Array(n + 1);
	const suffixLinks = new Int32Array(n + 1);
	const suffixSentences = new Int32Array(n + 1);
	for (let i = n - 1; i >= from; i--) {
		const prose = !blank[i] && !chrome[i];
		const short = lines[i].end - lines[i].start <= 100;
		// A question mark ends many headlines, so only . and ! (or a closing quote after them) end a sentence here.
		// A credit line closes the article, so link lists after a header never include one.
		const sentence = prose && (!short || /[.!]["”’]?\s*$/.test(lines[i].text) || CREDIT.test(lines[i].text));
		suffixLinks[i] = suffixLinks[i + 1] + (prose && !sentence ? 1 : 0);
		suffixSentences[i] = suffixSentences[i + 1] + (sentence ? 1 : 0);
		suffixMinYear[i] = Math.min(suffixMinYear[i + 1], minYear[i]);
		suffixTeasers[i] = suffixTeasers[i + 1] + (teaser[i] ? 1 : 0);
		suffixProse[i] = suffixProse[i + 1] + (!blank[i] && !chrome[i] && !teaser[i] ? 1 : 0);
		const headline = !blank[i] && !chrome[i] && lines[i].end - lines[i].start <= 120 && (looksLikeHeadline(lines[i].text) || storyStart(i));
		suffixHeadlines[i] = suffixHeadlines[i + 1] + (headline ? 1 : 0);
	}
	let proseBeforeFrom = 0;
	for (let i = 0; i < from; i++) if (!blank[i] && !chrome[i]) proseBeforeFrom++;
	for (let i = from; i < n; i++) {
		// A second story head dated years after everything before it starts an appended story.
		if (head[i] && Number.isFinite(prefixMaxYear[i]) && Number.isFinite(suffixMinYear[i]) && suffixMinYear[i] - prefixMaxYear[i] >= 2) return i;
		if (!chrome[i]) continue;
		if (suffixProse[i + 1] === 0) return i;
		// A list of links: at least three short lines after a chrome header, none of them a sentence.
		if (suffixLinks[i + 1] >= 3 && suffixSentences[i + 1] === 0) return i;
		// Teasers and a headline after a chrome line mean a story list, unless as much prose follows as came before
		// (then the chrome line was a link inside the article).
		const proseBefore = suffixProse[from] - suffixProse[i] + proseBeforeFrom;
		if (suffixTeasers[i + 1] > 0 && suffixHeadlines[i + 1] > 0 && suffixProse[i + 1] < proseBefore) return i;
		// End-of-article chrome followed straight away by a new story's headline and dateline or byline.
		let next = i + 1;
		while (next < n && (blank[next] || chrome[next])) next++;
		if (next < n && storyStart(next) && suffixProse[i + 1] < proseBefore) return i;
		if (Number.isFinite(prefixMaxYear[i]) && Number.isFinite(suffixMinYear[i + 1]) && suffixMinYear[i + 1] - prefixMaxYear[i] >= 2) return i;
	}
	return -1;
}

/**
 * Marks links to related stories set between the article's paragraphs: a line on its own (blank lines around it),
 * between the first and the last long paragraph, of 7 to 14 words, read as a sentence-case headline — no closing
 * punctuation, not wholly quoted (pull quotes and quoted sub-heads are), not a caption with a credit. Sub-heads
 * are shorter and run-on paragraphs longer, so both stay in the body.
 */
function markRelatedLinks(lines: Line[], chrome: boolean[], blank: boolean[]): void {
	const long = (i: number): boolean => lines[i].end - lines[i].start >= 200;
	const first = lines.findIndex((_, i) => long(i));
	let last = -1;
	for (let i = lines.length - 1; i >= 0; i--) if (long(i)) { last = i; break; }
	for (let i = first + 1; i < last; i++) {
		if (blank[i] || chrome[i] || !blank[i - 1] || !blank[i + 1]) continue;
		const t = lines[i].text.trim();
		if (t.length > 120 || /[.!?:;,)\]]["”’']*$/.test(t) || /^["“‘'–-]/.test(t) || /[([]/.test(t) || CREDIT_OR_CAPTION.test(t)) continue;
		// A caption names a date or a place and time ("on June 3, 2016", "in 2015"); a link to another story rarely does.
		YEAR.lastIndex = 0;
		if (YEAR.test(t)) continue;
		const words = t.split(/\s+/).length;
		if (words >= 7 && words <= 14) chrome[i] = true;
	}
}

/** Finds page chrome (navigation, sign-up prompts, "Keep reading...Show less", template residue, appended articles). */
export function findBoilerplate(text: string): Span[] {
	const lines = splitLines(text);
	const blank = lines.map((l) => l.end - l.start <= 200 && l.text.trim() === '');
	const triggered = new Array<boolean>(lines.length).fill(false);
	const teaser = new Array<boolean>(lines.length).fill(false);
	const at = lineCursor(lines);
	for (const t of ['{{', '{%']) for (let k = text.indexOf(t); k !== -1; k = text.indexOf(t, k + t.length)) triggered[at(k)] = true;
	const head = text.length * 0.15;
	const foot = text.length * 0.75;
	lines.forEach((l, i) => {
		const len = l.end - l.start;
		if (!triggered[i] && !blank[i] && (len <= 200 || (len <= 400 && (l.start < head || l.start > foot)))) triggered[i] = TRIGGER.test(l.text);
	});
	const chrome = lines.map((l, i) => {
		if (blank[i] || (!triggered[i] && l.end - l.start > 80)) return false;
		if (triggered[i] && TEASER.test(l.text)) teaser[i] = true;
		return isChromeLine(l.text, triggered[i]);
	});

	// A short line sandwiched between chrome lines ("Know first." inside a newsletter box) is chrome too.
	const neighbour = (i: number, step: number): number => {
		for (let j = i + step; j >= 0 && j < lines.length; j += step) if (!blank[j]) return j;
		return -1;
	};
	for (let i = 0; i < lines.length; i++) {
		if (blank[i] || chrome[i] || lines[i].end - lines[i].start > 60 || lines[i].text.trim().length > 40) continue;
		const a = neighbour(i, -1);
		const b = neighbour(i, 1);
		if (a !== -1 && b !== -1 && chrome[a] && chrome[b]) chrome[i] = true;
	}

	// The appended tail is found first: a related-link line must not hide the headline of an appended story.
	const tail = appendedTailStart(text, lines, chrome, blank, teaser);
	if (tail !== -1) for (let i = tail; i < lines.length; i++) if (!blank[i]) chrome[i] = true;
	markRelatedLinks(lines, chrome, blank);

	// Merge chrome lines separated only by blank lines into one span.
	const spans: Span[] = [];
	let open: Span | null = null;
	for (let i = 0; i < lines.length; i++) {
		if (blank[i]) continue;
		if (chrome[i]) {
			if (open) open.end = lines[i].end;
			else open = { start: lines[i].start, end: lines[i].end };
		} else if (open) {
			spans.push(open);
			open = null;
		}
	}
	if (open) spans.push(open);
	return spans;
}
