import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hypervolume } from '../../src/search/hypervolume.js';

test('hypervolume 2-D: staircase (1,3) (2,2) (3,1), ref (4,4) = 3·1 + 2·1 + 1·1 = 6', () => {
  assert.equal(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4]), 6);
  // A dominated point, a duplicate and points outside the reference box change nothing.
  assert.equal(hypervolume([[3, 1], [1, 3], [2, 2], [3, 3], [2, 2], [5, 0], [0, 4]], [4, 4]), 6);
  assert.equal(hypervolume([], [4, 4]), 0);
});

test('hypervolume 2-D as accuracy (max) vs cost (min): (90 %, 10) and (80 %, 5), ref (0 %, 20) = 90·10 + 80·5 = 1300', () => {
  assert.equal(hypervolume([[-90, 10], [-80, 5]], [0, 20]), 1300);
});

test('hypervolume 3-D: two boxes, ref (2,2,2): (0,0,1) and (1,1,0) give 4 + 2 - 1 = 5', () => {
  // Box of (0,0,1): 2·2·1 = 4; of (1,1,0): 1·1·2 = 2; overlap 1·1·1 = 1.
  assert.equal(hypervolume([[0, 0, 1], [1, 1, 0]], [2, 2, 2]), 5);
  assert.throws(() => hypervolume([[1, 2]], [3, 3, 3]), /hypervolume: every point must have 3 objectives like the reference point \[3, 3, 3\]; got \[1, 2\]/);
});
