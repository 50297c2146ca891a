/** Decoding and sanity checks for document bytes, shared by the CLI and the editor. */
import { isUtf8 } from 'node:buffer';

/** Why a file cannot be analysed as text. */
export type TextProblem = 'binary' | 'not-utf8' | 'too-large';

/** Result of decoding a file's bytes. */
export type DecodedText = { ok: true; text: string } | { ok: false; problem: TextProblem; message: string };

/** Files larger than this are refused rather than risk freezing the editor. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** Why a file of `size` bytes is refused, for callers that check the size before reading. */
export function tooLargeMessage(size: number, maxBytes = MAX_DOCUMENT_BYTES): string {
	return `file is ${(size / 1048576).toFixed(1)} MB; the limit is ${(maxBytes / 1048576).toFixed(0)} MB`;
}

/** Bytes that decode to a usable document: how many leading bytes are byte-order marks, which decoding removes. */
export type CheckedBytes = { ok: true; bomBytes: number } | { ok: false; problem: TextProblem; message: string };

/**
 * Checks document bytes as `decodeDocument` does, without decoding them: for callers that only need to know that
 * the bytes are a document and to hash them (the text is UTF-8, so its hash is the hash of these bytes after BOMs).
 */
export function checkDocumentBytes(bytes: Uint8Array, maxBytes = MAX_DOCUMENT_BYTES): CheckedBytes {
	if (bytes.length > maxBytes) return { ok: false, problem: 'too-large', message: tooLargeMessage(bytes.length, maxBytes) };
	const probe = bytes.subarray(0, 8192);
	if (probe.includes(0)) return { ok: false, problem: 'binary', message: 'file looks binary (it contains NUL bytes)' };
	if (!isUtf8(bytes)) return { ok: false, problem: 'not-utf8', message: 'file is not valid UTF-8' };
	// The decoder drops one byte-order mark, and decodeDocument a second one.
	const bomAt = (i: number) => bytes[i] === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf;
	return { ok: true, bomBytes: bomAt(0) ? (bomAt(3) ? 6 : 3) : 0 };
}

/** Decodes UTF-8 bytes, removing a BOM; refuses binary, non-UTF-8 and oversized input with a message. */
export function decodeDocument(bytes: Uint8Array, maxBytes = MAX_DOCUMENT_BYTES): DecodedText {
	const checked = checkDocumentBytes(bytes, maxBytes);
	if (!checked.ok) return checked;
	return { ok: true, text: UTF8.decode(bytes.subarray(checked.bomBytes)) };
}

/** Decodes checked bytes (see checkDocumentBytes); the marks are removed by the caller, so none is dropped here. */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** True for every UTF-16 code unit that `\s` matches. */
export function isSpaceCode(c: number): boolean {
	if (c < 128) return c === 32 || (c >= 9 && c <= 13);
	return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The last white-space separated piece of `s` ("" when it ends with white space), as `s.split(/\s+/).at(-1)`. */
export function lastPiece(s: string): string {
	for (let i = s.length - 1; i >= 0; i--) if (isSpaceCode(s.charCodeAt(i))) return s.slice(i + 1);
	return s;
}
