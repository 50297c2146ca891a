import type { EntityMention } from '../types';
import { recognise } from './recognise';

/** Finds named entities (PERSON, ORG, PLACE, NORP) with canonical names resolved within the document. */
export function findEntities(text: string): EntityMention[] {
	return recognise(text).map((c) => ({ start: c.start, end: c.end, text: c.text, type: c.type ?? 'ORG', canonical: c.canonical ?? c.text }));
}
