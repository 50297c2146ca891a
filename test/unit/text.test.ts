import * as assert from 'node:assert/strict';
import { contentHash, contentHashOfBytes } from '../../src/core/corpus/record';
import { checkDocumentBytes, decodeDocument } from '../../src/core/text';

const BOM = [0xef, 0xbb, 0xbf];
const utf8 = (s: string, ...prefix: number[]) => new Uint8Array([...prefix, ...Buffer.from(s, 'utf8')]);

describe('document bytes: checked and hashed without decoding', () => {
	it('hashes the bytes to the content hash of the decoded text, byte-order marks and all', () => {
		const cases: [string, Uint8Array][] = [
			['ASCII', utf8('Russia said 46 sorties were flown.\n')],
			['curly quotes, accents, an emoji and CRLF', utf8('Assad\u2019s \u201cregime\u201d \u2014 caf\u00e9 \ud83d\ude80\r\nline two')],
			['one byte-order mark', utf8('Kerry met Lavrov.', ...BOM)],
			['two byte-order marks', utf8('Kerry met Lavrov.', ...BOM, ...BOM)],
			['only a byte-order mark', utf8('', ...BOM)],
			['empty', utf8('')],
		];
		for (const [name, bytes] of cases) {
			const decoded = decodeDocument(bytes);
			const checked = checkDocumentBytes(bytes);
			assert.ok(decoded.ok && checked.ok, name);
			assert.equal(decoded.text.charCodeAt(0) === 0xfeff, false, `${name}: no mark left in the text`);
			assert.equal(contentHashOfBytes(bytes, checked.bomBytes), contentHash(decoded.text), name);
		}
	});

	it('refuses what decoding refuses, with the same problem', () => {
		const cases: [string, Uint8Array, string][] = [
			['Latin-1', new Uint8Array(Buffer.from('caf\xe9', 'latin1')), 'not-utf8'],
			['an overlong NUL-free sequence', new Uint8Array([0x41, 0xc1, 0x81]), 'not-utf8'],
			['an encoded surrogate', new Uint8Array([0x41, 0xed, 0xa0, 0x80]), 'not-utf8'],
			['a cut-off character', new Uint8Array([0x41, 0xe2, 0x80]), 'not-utf8'],
			['NUL bytes', new Uint8Array([0x41, 0, 0x42]), 'binary'],
		];
		for (const [name, bytes, problem] of cases) {
			const checked = checkDocumentBytes(bytes);
			const decoded = decodeDocument(bytes);
			assert.ok(!checked.ok && !decoded.ok, name);
			assert.equal(checked.problem, problem, name);
			assert.equal(decoded.problem, problem, name);
		}
		const big = checkDocumentBytes(utf8('x'.repeat(2000)), 1000);
		assert.ok(!big.ok && big.problem === 'too-large' && /limit is/.test(big.message));
	});
});
