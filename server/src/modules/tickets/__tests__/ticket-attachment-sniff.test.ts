import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sniff } from '../ticket-attachment.sniff.js';

const b = (hex: string, text = '') => Buffer.concat([Buffer.from(hex.replace(/\s/g, ''), 'hex'), Buffer.from(text, 'latin1')]);

test('given the first bytes of each accepted format, when sniffed, then the type comes from the bytes alone', () => {
  const cases: [Buffer, string | null][] = [
    [b('ffd8ffe0 0010', 'JFIF'), 'image/jpeg'],
    [b('89504e470d0a1a0a 0000000d'), 'image/png'],
    [Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), 'image/webp'],
    [Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1'), 'audio/wav'],
    [b('00000018', 'ftypmp42\0\0\0\0'), 'video/mp4'],
    [b('00000014', 'ftypqt  \0\0\0\0'), 'video/quicktime'],
    [b('00000020', 'ftypM4A \0\0\0\0'), 'audio/mp4'],
    [Buffer.from('#!AMR\n\x3c\x00', 'latin1'), 'audio/amr'],
    [Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), 'audio/mpeg'],
    [b('fffb9064 00000000'), 'audio/mpeg'],
    [Buffer.from('%PDF-1.7\n%', 'latin1'), 'application/pdf'],
    // not accepted: text, GIF, ZIP (xlsx), an executable, empty
    [Buffer.from('hello world, plain text'), null],
    [Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), null],
    [b('504b0304 14000600'), null],
    [Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), null],
    [Buffer.alloc(0), null],
  ];
  for (const [head, mime] of cases) assert.equal(sniff(head)?.mime ?? null, mime, head.toString('hex'));
});
