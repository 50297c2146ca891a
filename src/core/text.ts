/** Decoding and sanity checks for document bytes, shared by the CLI and the editor. */

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

/** Decodes UTF-8 bytes, removing a BOM; refuses binary, non-UTF-8 and oversized input with a message. */
export function decodeDocument(bytes: Uint8Array, maxBytes = MAX_DOCUMENT_BYTES): DecodedText {
	if (bytes.length > maxBytes) return { ok: false, problem: 'too-large', message: tooLargeMessage(bytes.length, maxBytes) };
	const probe = bytes.subarray(0, 8192);
	if (probe.includes(0)) return { ok: false, problem: 'binary', message: 'file looks binary (it contains NUL bytes)' };
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return { ok: false, problem: 'not-utf8', message: 'file is not valid UTF-8' };
	}
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	return { ok: true, text };
}

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
