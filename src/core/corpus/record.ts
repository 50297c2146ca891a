/**
 * What the corpus index keeps per document. A full `DocumentRecord` (claims, features, every entity mention)
 * is made when a document is analysed; the index keeps only its `DocumentSummary` — claims that can be
 * matched across documents and per-entity counts — so that 10,000 documents fit in memory and reopen fast.
 */
import { createHash } from 'node:crypto';
import { analyze, type AnalyzeOptions } from '../analyze';
import { describeClaims, quantityKey, type ClaimFeatures } from '../quantities';
import type { Registry } from '../registry';
import type { Analysis, Claim, ClaimKind, EntityMention, EntityType } from '../types';

/** Bump when the shape of a record or the meaning of its fields changes: old caches are then ignored. */
export const RECORD_SCHEMA = 5;

/** All mentions of one (canonical, type, surface text) in a document, as flat [start, end, start, end, ...] offsets. */
export interface EntityRow {
	canonical: string;
	type: EntityType;
	text: string;
	spans: number[];
}

/** One document's full indexed data, as made by analysis (in a worker or in-thread). */
export interface DocumentRecord {
	/** Content hash of the text the record was made from. */
	hash: string;
	/** Length of the text in UTF-16 code units. */
	length: number;
	published: string | null;
	claims: Claim[];
	/** Lines up with `claims`. */
	features: ClaimFeatures[];
	entities: EntityRow[];
	/** Number of entity mentions (sum of the rows' spans). */
	mentionCount: number;
}

/** A claim that can be grouped with other documents' claims, with its index among the document's claims. */
export interface SummaryClaim {
	index: number;
	claim: Claim;
	features: ClaimFeatures;
}

/** One entity in one document: how often, first mention, and the surface forms used. */
export interface EntityCount {
	canonical: string;
	type: EntityType;
	count: number;
	first: [number, number];
	aliases: string[];
}

/** What the index keeps in memory and in its cache per document. */
export interface DocumentSummary {
	hash: string;
	length: number;
	published: string | null;
	claimCount: number;
	mentionCount: number;
	/** Only claims whose quantity can be matched across documents. */
	claims: SummaryClaim[];
	/**
	 * Per-entity counts packed in one string (see `unpackEntities`): a corpus has hundreds of thousands of them,
	 * and one string per document loads far faster and smaller than as many objects.
	 */
	entities: string;
}

/**
 * Separators of a packed string: fields of one entity, and entities. Printable, so that the cache's JSON stores
 * them in one byte each (control characters take six, and make the parser take its slow path); the characters
 * '%', '|' and '~' of a name are packed as %25, %7C and %7E.
 */
const FIELD = '|';
const ENTRY = '~';
const SEPARATOR_OR_PERCENT = /[%|~]/;

/** A name as packed (see FIELD). */
function packName(name: string): string {
	return SEPARATOR_OR_PERCENT.test(name) ? name.replace(/[%|~]/g, (c) => (c === '%' ? '%25' : c === '|' ? '%7C' : '%7E')) : name;
}

/** A packed name as it was. */
function unpackName(packed: string): string {
	return packed.includes('%') ? packed.replace(/%(25|7C|7E)/g, (_, code: string) => (code === '25' ? '%' : code === '7C' ? '|' : '~')) : packed;
}

/** Packs entity counts into one string. */
export function packEntities(counts: EntityCount[]): string {
	// Concatenation rather than joining an array per entity: this runs for every analysed document.
	let packed = '';
	for (let i = 0; i < counts.length; i++) {
		const c = counts[i];
		packed += (i === 0 ? '' : ENTRY) + packName(c.canonical) + FIELD + c.type + FIELD + c.count + FIELD + c.first[0] + FIELD + c.first[1];
		for (const alias of c.aliases) packed += FIELD + packName(alias);
	}
	return packed;
}

/** Unpacks a summary's entity counts. */
export function unpackEntities(packed: string): EntityCount[] {
	if (!packed) return [];
	const escaped = packed.includes('%');
	return packed.split(ENTRY).map((entry) => {
		const [canonical, type, count, start, end, ...aliases] = entry.split(FIELD);
		return escaped
			? { canonical: unpackName(canonical), type: type as EntityType, count: Number(count), first: [Number(start), Number(end)], aliases: aliases.map(unpackName) }
			: { canonical, type: type as EntityType, count: Number(count), first: [Number(start), Number(end)], aliases };
	});
}

/** Hex SHA-1 of a document's text; the key analyses are cached under. */
export function contentHash(text: string): string {
	return createHash('sha1').update(text).digest('hex');
}

/**
 * The content hash of the text that checked bytes decode to (see `checkDocumentBytes`), from the bytes: valid UTF-8
 * after its byte-order marks is exactly what the text encodes to, so nothing needs decoding to be hashed.
 */
export function contentHashOfBytes(bytes: Uint8Array, bomBytes: number): string {
	return createHash('sha1').update(bytes.subarray(bomBytes)).digest('hex');
}

/** A short stamp of the entity registry (empty for none): part of every analysis key, so a change re-analyses. */
export function registryStamp(registry: Registry | undefined): string {
	if (!registry || (registry.entities.length === 0 && registry.suppress.length === 0)) return '';
	return createHash('sha1').update(JSON.stringify(registry)).digest('hex').slice(0, 16);
}

/**
 * The key a document's analysis is cached under: its content hash, plus the other inputs of the analysis — the
 * sidecar's publication date and the registry stamp — so that changing either re-analyses unchanged text.
 */
export function analysisKey(hash: string, published?: string | null, registry = ''): string {
	return published || registry ? `${hash}:${registry}:${published ?? ''}` : hash;
}

/** Builds a record from a document's analysis. */
export function recordFromAnalysis(text: string, analysis: Analysis, hash = contentHash(text)): DocumentRecord {
	// Rows in order of first mention, found through their canonical name (a name has few rows): no key strings.
	const rows: EntityRow[] = [];
	const byCanonical = new Map<string, EntityRow[]>();
	for (const e of analysis.entities) {
		let same = byCanonical.get(e.canonical);
		if (!same) byCanonical.set(e.canonical, (same = []));
		let row = same.find((r) => r.type === e.type && r.text === e.text);
		if (!row) {
			row = { canonical: e.canonical, type: e.type, text: e.text, spans: [] };
			same.push(row);
			rows.push(row);
		}
		row.spans.push(e.start, e.end);
	}
	return {
		hash,
		length: text.length,
		published: analysis.published,
		claims: analysis.claims,
		features: describeClaims(text, analysis),
		entities: rows,
		mentionCount: analysis.entities.length,
	};
}

/** A function that analyses one document's text (the engine's `analyze` by default). */
export type Analyzer = (text: string, options?: AnalyzeOptions) => Analysis;

/**
 * Analyses a text and builds its record; `published` comes from sidecar metadata when there is some, and the
 * entity registry's corrections apply when one is given.
 */
export function buildRecord(text: string, analyzer: Analyzer = analyze, hash?: string, published?: string | null, registry?: Registry): DocumentRecord {
	return recordFromAnalysis(text, analyzeWith(text, analyzer, published, registry), hash);
}

/** Runs the analyzer with only the inputs that are given (a sidecar publication date, the entity registry). */
function analyzeWith(text: string, analyzer: Analyzer, published?: string | null, registry?: Registry): Analysis {
	return analyzer(text, { ...(published ? { published } : {}), ...(registry ? { registry } : {}) });
}

/** The part of a record the index keeps. */
export function summarize(record: DocumentRecord): DocumentSummary {
	const counts = new EntityCounter();
	for (const row of record.entities) {
		const count = counts.of(row.canonical, row.type, row.spans[0], row.spans[1]);
		count.count += row.spans.length / 2;
		if (!count.aliases.includes(row.text)) count.aliases.push(row.text);
		if (row.spans[0] < count.first[0]) count.first = [row.spans[0], row.spans[1]];
	}
	return summaryOf(record.hash, record.length, record.published, record.claims, record.features, counts.all, record.mentionCount);
}

/** Entity counts by canonical name and type, in order of first sight, found without building key strings. */
class EntityCounter {
	readonly all: EntityCount[] = [];
	private readonly byCanonical = new Map<string, EntityCount[]>();

	/** The count of (canonical, type), made with the given first mention when new. */
	of(canonical: string, type: EntityType, start: number, end: number): EntityCount {
		let same = this.byCanonical.get(canonical);
		if (!same) this.byCanonical.set(canonical, (same = []));
		// A loop, not find(): a closure per mention adds up over a corpus.
		let count: EntityCount | undefined;
		for (let i = 0; i < same.length && !count; i++) if (same[i].type === type) count = same[i];
		if (!count) {
			count = { canonical, type, count: 0, first: [start, end], aliases: [] };
			same.push(count);
			this.all.push(count);
		}
		return count;
	}
}

/**
 * Analyses a text and makes only its summary, the same as `summarize(buildRecord(...))` without building the
 * record's per-mention rows: what bulk indexing needs, since the index keeps no full record for such documents.
 */
export function buildSummary(text: string, analyzer: Analyzer = analyze, hash?: string, published?: string | null, registry?: Registry): DocumentSummary {
	const analysis = analyzeWith(text, analyzer, published, registry);
	return summaryOf(hash ?? contentHash(text), text.length, analysis.published, analysis.claims, describeClaims(text, analysis), countEntities(analysis.entities), analysis.entities.length);
}

/**
 * Per-entity counts from a document's mentions, in the order `summarize` gives them: entities by first mention,
 * aliases by first use, and as first mention the earliest first use of an alias (rows are made per alias).
 */
function countEntities(mentions: EntityMention[]): EntityCount[] {
	const counts = new EntityCounter();
	for (const e of mentions) {
		const count = counts.of(e.canonical, e.type, e.start, e.end);
		count.count++;
		if (!count.aliases.includes(e.text)) {
			count.aliases.push(e.text);
			if (e.start < count.first[0]) count.first = [e.start, e.end];
		}
	}
	return counts.all;
}

function summaryOf(hash: string, length: number, published: string | null, all: Claim[], features: ClaimFeatures[], counts: EntityCount[], mentionCount: number): DocumentSummary {
	const claims: SummaryClaim[] = [];
	all.forEach((claim, index) => {
		const ref = { document: '', index, claim, features: features[index], published };
		if (quantityKey(ref).crossDocument) claims.push({ index, claim: slimClaim(claim), features: features[index] });
	});
	return { hash, length, published, claimCount: all.length, mentionCount, claims, entities: packEntities(counts) };
}

/** The claim's protocol fields only (extra fields some stages add are not needed across documents). */
function slimClaim(c: Claim): Claim {
	return { start: c.start, end: c.end, text: c.text, kind: c.kind, value: c.value, approx: c.approx, counts: c.counts, source: c.source };
}

// ---- compact encoding for the cache: arrays instead of objects, a third of the size and faster to parse -------

type EncodedClaim = [number, number, number, string, ClaimKind, Claim['value']['low'], Claim['value']['high'], 0 | 1, 0 | 1, 0 | 1, string | null, string | null,
	string, string, string[], 0 | 1, string, string, string | null, string | null, string, string, string[], number, string];
/** A summary as stored in the cache. */
export type EncodedSummary = [string, number, string | null, number, number, EncodedClaim[], string];

/** Encodes a summary for the cache. */
export function encodeSummary(s: DocumentSummary): EncodedSummary {
	const claims = s.claims.map(({ index, claim: c, features: f }): EncodedClaim => [
		index, c.start, c.end, c.text, c.kind, c.value.low, c.value.high, c.value.lowInclusive ? 1 : 0, c.value.highInclusive ? 1 : 0, c.approx ? 1 : 0, c.counts, c.source,
		f.head, f.event, f.modifiers, f.scope === 'running' ? 1 : 0, f.country, f.agent, f.eventDate?.from ?? null, f.eventDate?.to ?? null, f.place, f.verb, f.anchors, f.line, f.actor,
	]);
	return [s.hash, s.length, s.published, s.claimCount, s.mentionCount, claims, s.entities];
}

const NOT_LATIN1 = /[\u0100-\uffff]/;

/**
 * The same text stored one byte per character when it can be. V8 keeps a slice of a document that has any
 * character above U+00FF (a curly quote, a dash) two bytes per character even when the slice is plain ASCII,
 * and structured cloning keeps that: the packed entity counts alone would take twice the memory in the index.
 */
export function oneByte(s: string): string {
	return s.length === 0 || NOT_LATIN1.test(s) ? s : Buffer.from(s, 'latin1').toString('latin1');
}

/**
 * Strings stored compactly (see `oneByte`), converted together: one conversion of their concatenation costs a
 * fraction of one per string. Separated by U+0000, which text strings do not contain (checked by the count).
 */
function oneByteAll(strings: string[]): string[] {
	const joined = strings.join('\u0000');
	const parts = NOT_LATIN1.test(joined) ? [] : Buffer.from(joined, 'latin1').toString('latin1').split('\u0000');
	return parts.length === strings.length ? parts : strings.map(oneByte);
}

/** An encoded summary with every string stored compactly (see `oneByte`); done by a worker before replying. */
export function compactSummary(e: EncodedSummary): EncodedSummary {
	const [hash, length, published, claimCount, mentionCount, claims, entities] = e;
	// Every string in one list (per claim in a fixed order, each list after the others), converted, then put back.
	const strings: string[] = [entities];
	for (const c of claims) strings.push(c[3], c[10] ?? '', c[11] ?? '', c[12], c[13], c[16], c[17], c[20], c[21], c[24], ...c[14], ...c[22]);
	const s = oneByteAll(strings);
	let at = 1;
	const compactClaims = claims.map((c): EncodedClaim => {
		const m = c[14].length;
		const a = c[22].length;
		const claim: EncodedClaim = [c[0], c[1], c[2], s[at], c[4], c[5], c[6], c[7], c[8], c[9], c[10] === null ? null : s[at + 1], c[11] === null ? null : s[at + 2],
			s[at + 3], s[at + 4], s.slice(at + 10, at + 10 + m), c[15], s[at + 5], s[at + 6], c[18], c[19], s[at + 7], s[at + 8], s.slice(at + 10 + m, at + 10 + m + a), c[23], s[at + 9]];
		at += 10 + m + a;
		return claim;
	});
	return [hash, length, published, claimCount, mentionCount, compactClaims, s[0]];
}

/** Decodes a cached summary; `intern` shares repeated strings (heads, places, countries) across documents. */
export function decodeSummary(e: EncodedSummary, intern: (s: string) => string = (s) => s): DocumentSummary {
	const [hash, length, published, claimCount, mentionCount, claims, entities] = e;
	return {
		hash, length, published, claimCount, mentionCount,
		claims: claims.map((c) => ({
			index: c[0],
			claim: { start: c[1], end: c[2], text: c[3], kind: c[4], value: { low: c[5], high: c[6], lowInclusive: c[7] === 1, highInclusive: c[8] === 1 }, approx: c[9] === 1, counts: c[10], source: c[11] },
			features: {
				head: intern(c[12]), event: intern(c[13]), modifiers: c[14], scope: c[15] === 1 ? 'running' : 'event', country: intern(c[16]), agent: intern(c[17]),
				eventDate: c[18] !== null && c[19] !== null ? { from: c[18], to: c[19] } : null, place: intern(c[20]), verb: intern(c[21]), anchors: c[22].map(intern), line: c[23], actor: intern(c[24]),
			},
		})),
		entities,
	};
}
