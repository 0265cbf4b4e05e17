// The audit chain's SHA-256 must be node:crypto's digest, byte for byte, for every kind of text.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { sha256Hex } from '../../src/core/sha256.js';

const reference = (text: string): string => createHash('sha256').update(text).digest('hex');

test('known digests (FIPS 180-4 examples)', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
});

test('every length around the block and padding boundaries, and long texts', () => {
  for (let length = 0; length <= 300; length++) {
    const text = 'x'.repeat(length);
    assert.equal(sha256Hex(text), reference(text), `length ${length}`);
  }
  const long = 'audit line '.repeat(100_000);
  assert.equal(sha256Hex(long), reference(long));
});

test('UTF-8 as node:crypto encodes it: accents, CJK, emoji, lone surrogates, NUL, audit-like JSON', () => {
  const samples = ['é', 'Zürich — 東京 ✓', '🚀🔥', '\ud800', 'a\udc00b', '\0\u0001\u007f\u0080\u07ff\u0800\uffff', JSON.stringify({ argv: ['psql', '-c', 'DROP TABLE "naïve"'], prev: null })];
  for (const text of samples) assert.equal(sha256Hex(text), reference(text), JSON.stringify(text));
  // Random texts over the whole UTF-16 range, seeded so a failure can be reproduced.
  let seed = 17;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  for (let i = 0; i < 500; i++) {
    const units = Array.from({ length: next() % 200 }, () => next() % 0x10000);
    const text = String.fromCharCode(...units);
    assert.equal(sha256Hex(text), reference(text), `random text ${i}`);
  }
});
