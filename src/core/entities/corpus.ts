/**
 * Corpus-level alias resolution: gives every mention of one real-world entity the same canonical
 * name across documents ("Assad" in one article, "Bashar al-Assad" in another; "SANA" and
 * "Syrian Arab News Agency"; "Sergey" and "Sergei Lavrov").
 */
import type { EntityMention } from '../types';
import { looseKey, phraseKey } from './lexicon';
import { acronymOf, personParts } from './recognise';

/** A consonant skeleton that survives transliteration: Sergei/Sergey, Mohammed/Muhammad, Bashar/Bachar. */
export function nameSkeleton(word: string): string {
	const w = word.toLowerCase().replace(/ch/g, 'sh').replace(/ph/g, 'f').replace(/[^a-z]/g, '');
	return (w[0] ?? '') + w.slice(1).replace(/[aeiouy]/g, '').replace(/(.)\1+/g, '$1');
}

/** Key of one node: an entity type and a canonical name from one document. */
const nodeKey = (type: string, canonical: string): string => `${type}\u0000${canonical}`;

/**
 * Unifies canonical names across documents; returns new mention lists (the input is not changed).
 * Mentions whose canonicals name the same entity get the fullest common form seen in the corpus.
 */
export function unifyCanonicals(perDocument: EntityMention[][]): EntityMention[][] {
	const count = new Map<string, number>();
	const nodes: Array<{ key: string; type: string; canonical: string }> = [];
	for (const doc of perDocument) {
		for (const m of doc) {
			const key = nodeKey(m.type, m.canonical);
			if (!count.has(key)) nodes.push({ key, type: m.type, canonical: m.canonical });
			count.set(key, (count.get(key) ?? 0) + 1);
		}
	}
	const parent = new Map<string, string>(nodes.map((n) => [n.key, n.key]));
	const find = (k: string): string => {
		let root = k;
		while (parent.get(root) !== root) root = parent.get(root) ?? root;
		while (parent.get(k) !== root) {
			const next = parent.get(k) ?? root;
			parent.set(k, root);
			k = next;
		}
		return root;
	};
	const union = (a: string, b: string): void => {
		const ra = find(a);
		const rb = find(b);
		if (ra !== rb) parent.set(ra, rb);
	};
	const byKey = new Map<string, string>();
	const link = (key: string, node: string): void => {
		const seen = byKey.get(key);
		if (seen) union(seen, node);
		else byKey.set(key, node);
	};

	// Same name written differently: particles, hyphens, transliterations, middle initials.
	for (const n of nodes) {
		if (n.type === 'PERSON') {
			const parts = personParts(n.canonical);
			if (parts.length >= 2) link(`P:${nameSkeleton(parts[0])}|${parts[parts.length - 1]}`, n.key);
		} else if (n.type === 'PLACE') {
			link(`L:${looseKey(n.canonical)}`, n.key);
		} else {
			link(`${n.type}:${phraseKey(n.canonical).replace(/^(?:the|al) /, '')}`, n.key);
		}
	}
	// A person known only by one name joins the one full name in the corpus that ends (or starts) with it.
	const fullBySurname = new Map<string, Set<string>>();
	for (const n of nodes) {
		const parts = n.type === 'PERSON' ? personParts(n.canonical) : [];
		if (parts.length < 2) continue;
		const set = fullBySurname.get(parts[parts.length - 1]) ?? new Set<string>();
		set.add(find(n.key));
		fullBySurname.set(parts[parts.length - 1], set);
	}
	// Mentions per group, counted once here so that the passes below stay linear in the number of names.
	const totals = new Map<string, number>();
	for (const n of nodes) totals.set(find(n.key), (totals.get(find(n.key)) ?? 0) + (count.get(n.key) ?? 0));
	for (const n of nodes) {
		const parts = n.type === 'PERSON' ? personParts(n.canonical) : [];
		if (parts.length !== 1) continue;
		const groups = [...(fullBySurname.get(parts[0]) ?? [])];
		if (groups.length === 0) continue;
		// Two people share the surname: the one the corpus mentions most is the likelier referent.
		union(n.key, groups.reduce((x, y) => ((totals.get(y) ?? 0) > (totals.get(x) ?? 0) ? y : x)));
	}
	// A nickname one article defines ("Joko Widodo, known as Jokowi") names the same person in the others, where it
	// stands alone. Only words that are not part of the full name: a surname alone is handled above, by the corpus.
	const nicknamed = new Map<string, Set<string>>();
	for (const doc of perDocument) {
		for (const m of doc) {
			if (m.type !== 'PERSON' || m.text === m.canonical || m.text.includes(' ')) continue;
			const full = personParts(m.canonical);
			const word = personParts(m.text)[0];
			if (full.length < 2 || !word || full.some((part) => part.toLowerCase() === word.toLowerCase())) continue;
			const set = nicknamed.get(m.text) ?? new Set<string>();
			set.add(find(nodeKey('PERSON', m.canonical)));
			nicknamed.set(m.text, set);
		}
	}
	for (const [nickname, people] of nicknamed) {
		const alone = nodeKey('PERSON', nickname);
		if (people.size === 1 && parent.has(alone)) union(alone, [...people][0]);
	}
	// Organisations: an acronym joins the organisation whose initials it spells; a shorter form joins its longer name.
	const orgs = nodes.filter((n) => n.type === 'ORG');
	const byInitials = new Map<string, string>();
	const byCanonical = new Map<string, string>();
	const qualifiedByBase = new Map<string, string[]>();
	for (const o of orgs) {
		byCanonical.set(o.canonical, o.key);
		if (o.canonical.includes(' ') && !byInitials.has(acronymOf(o.canonical.split(/\s+/)))) byInitials.set(acronymOf(o.canonical.split(/\s+/)), o.key);
		const qualified = / \(([^()]+)\)$/.exec(o.canonical);
		if (qualified) {
			const base = o.canonical.slice(0, qualified.index);
			qualifiedByBase.set(base, [...(qualifiedByBase.get(base) ?? []), o.key]);
		}
	}
	for (const n of orgs) {
		if (/^[A-Z.]{2,}$/.test(n.canonical)) {
			const full = byInitials.get(n.canonical.replace(/\./g, ''));
			if (full && full !== n.key) union(n.key, full);
			continue;
		}
		// "Syrian Observatory" is the start of "Syrian Observatory for Human Rights".
		for (const m of n.canonical.matchAll(/ (?:of|for|on) /g)) {
			const shorter = byCanonical.get(n.canonical.slice(0, m.index));
			if (shorter && shorter.includes(' ')) union(shorter, n.key);
		}
		// "Foreign Ministry" joins "Foreign Ministry (Russia)" when the corpus names only one country's.
		const qualified = qualifiedByBase.get(n.canonical);
		if (qualified?.length === 1) union(n.key, qualified[0]);
	}

	// The representative of each group: the fullest, most mentioned name that is not an acronym.
	const groups = new Map<string, Array<{ key: string; canonical: string }>>();
	for (const n of nodes) {
		const root = find(n.key);
		const list = groups.get(root) ?? [];
		list.push(n);
		groups.set(root, list);
	}
	const representative = new Map<string, string>();
	for (const [root, members] of groups) {
		const score = (m: { key: string; canonical: string }): number =>
			(/^[A-Z.]+$/.test(m.canonical) ? 0 : 1e6) + (m.canonical.includes(' ') ? 1e5 : 0) + (count.get(m.key) ?? 0) * 10 + m.canonical.length / 100;
		const best = members.reduce((a, b) => (score(b) > score(a) ? b : a));
		representative.set(root, best.canonical);
	}
	return perDocument.map((doc) => doc.map((m) => ({ ...m, canonical: representative.get(find(nodeKey(m.type, m.canonical))) ?? m.canonical })));
}
