/**
 * Three-way merge of sidecars by annotation id, for a sidecar changed on disk while the editor holds unsaved
 * annotation changes. Nothing from either side is lost: additions from both sides are kept, an edit beats a
 * deletion, and where both sides changed one field the in-memory value wins — except notes (both texts are
 * kept) and tags (united). Conflicts are reported so the adapter can tell the analyst.
 */
import { sortAnnotations, type Annotation, type Sidecar } from './model';

/** A field both sides changed differently. */
export interface MergeConflict {
	id: string;
	field: string;
	disk: unknown;
	memory: unknown;
}

/** The merged sidecar and the fields that needed a rule to merge. */
export interface MergeResult {
	sidecar: Sidecar;
	conflicts: MergeConflict[];
}

/** Separates the two notes when both sides rewrote one note. */
export const NOTE_CONFLICT_SEPARATOR = '\n\n---\n*Changed on disk at the same time:*\n\n';

/**
 * Merges `memory` (the editor's version) with `disk` (what is on disk now), both derived from `base`
 * (the version last read or written; undefined if there was no sidecar then).
 */
export function mergeSidecars(base: Sidecar | undefined, disk: Sidecar, memory: Sidecar): MergeResult {
	const conflicts: MergeConflict[] = [];
	const baseById = new Map(base?.annotations.map((a) => [a.id, a]));
	const diskById = new Map(disk.annotations.map((a) => [a.id, a]));
	const memoryById = new Map(memory.annotations.map((a) => [a.id, a]));
	const ids = new Set([...diskById.keys(), ...memoryById.keys()]);
	const merged: Annotation[] = [];
	for (const id of ids) {
		const b = baseById.get(id);
		const d = diskById.get(id);
		const m = memoryById.get(id);
		if (d && m) merged.push(mergeAnnotation(b, d, m, conflicts));
		else if (m) {
			// On disk it was deleted: honour that only if memory did not change it since.
			if (!(b && same(b, m))) merged.push(m);
		} else if (d) {
			if (!(b && same(b, d))) merged.push(d);
		}
	}
	const metadata = mergeRecord(base?.metadata, disk.metadata, memory.metadata, 'metadata', conflicts);
	const sidecar: Sidecar = { version: memory.version, document: memory.document || disk.document, annotations: sortAnnotations(merged) };
	if (metadata && Object.keys(metadata).length > 0) sidecar.metadata = metadata;
	return { sidecar, conflicts };
}

function mergeAnnotation(b: Annotation | undefined, d: Annotation, m: Annotation, conflicts: MergeConflict[]): Annotation {
	const fields = new Set([...Object.keys(d), ...Object.keys(m)]);
	const out: Record<string, unknown> = {};
	for (const field of fields) {
		const bv = b?.[field as keyof Annotation];
		const dv = d[field as keyof Annotation];
		const mv = m[field as keyof Annotation];
		let value: unknown;
		if (same(dv, mv)) value = mv;
		else if (same(dv, bv)) value = mv;
		else if (same(mv, bv)) value = dv;
		else if (field === 'modified') value = String(dv ?? '') > String(mv ?? '') ? dv : mv;
		else {
			conflicts.push({ id: m.id, field, disk: dv, memory: mv });
			if (field === 'note' && typeof dv === 'string' && typeof mv === 'string') value = mv + NOTE_CONFLICT_SEPARATOR + dv;
			else if (field === 'tags') value = [...new Set([...((mv as string[]) ?? []), ...((dv as string[]) ?? [])])];
			else value = mv ?? dv;
		}
		if (value !== undefined) out[field] = value;
	}
	return out as unknown as Annotation;
}

function mergeRecord<T extends object>(b: T | undefined, d: T | undefined, m: T | undefined, name: string, conflicts: MergeConflict[]): T | undefined {
	if (!d && !m) return undefined;
	const out: Record<string, unknown> = {};
	const fields = new Set([...Object.keys(d ?? {}), ...Object.keys(m ?? {})]);
	for (const field of fields) {
		const bv = (b as Record<string, unknown> | undefined)?.[field];
		const dv = (d as Record<string, unknown> | undefined)?.[field];
		const mv = (m as Record<string, unknown> | undefined)?.[field];
		let value: unknown = mv;
		if (!same(dv, mv) && !same(dv, bv)) {
			if (same(mv, bv)) value = dv;
			else {
				conflicts.push({ id: '', field: `${name}.${field}`, disk: dv, memory: mv });
				value = mv ?? dv;
			}
		}
		if (value !== undefined) out[field] = value;
	}
	return out as T;
}

/** Structural equality of plain JSON-like data (key order ignored). */
function same(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ak = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
	const bk = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
	if (ak.length !== bk.length) return false;
	return ak.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
