import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const bin = fileURLToPath(new URL('../../../bin/tinyevo.js', import.meta.url));
const tinyevo = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });

test('tinyevo search --strategy mcunet-oneshot: a space without a supernet, and --workers, are one-line errors', () => {
  const chain = tinyevo('search', '--strategy', 'mcunet-oneshot', '--budget-s', '5');
  assert.equal(chain.status, 2, chain.stderr);
  assert.match(chain.stderr, /^tinyevo: one-shot: space must have an elastic form \(a supernet whose sub-networks share its weights\); got 'chain', which has none\. Spaces with one: mcunet\.\n$/);
  const workers = tinyevo('search', '--space', 'mcunet', '--strategy', 'mcunet-oneshot', '--workers', '2', '--budget-s', '5');
  assert.equal(workers.status, 2, workers.stderr);
  assert.match(workers.stderr, /--strategy mcunet-oneshot must run in one process \(its supernet lives there\); got --workers\. Drop --workers\./);
});

test('tinyevo search --strategy dnas: a space it cannot relax, and an SRAM limit the smallest network exceeds, are one-line errors', () => {
  const chain = tinyevo('search', '--strategy', 'dnas', '--budget-s', '5');
  assert.equal(chain.status, 2, chain.stderr);
  assert.match(chain.stderr, /^tinyevo: dnas: space must be mcunet \(the space DNAS relaxes\); got 'chain'\. Pass --space mcunet\.\n$/);
  const tight = tinyevo('search', '--strategy', 'dnas', '--space', 'mcunet', '--max-sram', '1000', '--budget-s', '5');
  assert.equal(tight.status, 2, tight.stderr);
  assert.match(tight.stderr, /^tinyevo: dnas: limits\.sramBytes must allow the smallest network of the space; got 1000, and the smallest needs \d+ on nrf52840\. Raise the limit, or lower the space's width or resolution\.\n$/);
});
