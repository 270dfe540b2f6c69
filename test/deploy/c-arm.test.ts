// Generated C on a Cortex-M4: compiled with arm-none-eabi-gcc, run under QEMU's mps2-an386 board, outputs checked
// bit for bit against the interpreter; section sizes from arm-none-eabi-size against the cost model's predictions.
// Skips, saying so, without the Debian packages gcc-arm-none-eabi, libnewlib-arm-none-eabi and qemu-system-arm.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { ArchGraph } from '../../src/arch/types.js';
import { demoCnn } from '../../src/arch/zoo/demo-cnn.js';
import { generateC } from '../../src/deploy/c/generate.js';
import { useBackend } from '../../src/engine/backend.js';
import { estimateCost } from '../../src/hardware/cost.js';
import { findDevice } from '../../src/hardware/devices/registry.js';
import { planMemory } from '../../src/hardware/memory/plan.js';
import { findRuntime } from '../../src/hardware/runtime/profiles.js';
import { quantizeGraph } from '../../src/quantize/ptq.js';
import { seededInputs, seededWeights, writeGeneratedWithCases, zooModels } from './export-models.js';

await useBackend('cpu');
const ok = (cmd: string, args: string[]) => spawnSync(cmd, args).status === 0;
const skip = ok('arm-none-eabi-gcc', ['--version']) && ok('qemu-system-arm', ['--version']) ? false : 'ARM tools missing: apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm';
const armDir = fileURLToPath(new URL('../../../test/deploy/arm/', import.meta.url));
const CFLAGS = ['-mcpu=cortex-m4', '-mthumb', '-O2', '-std=c99', '-Wall', '-Werror', '-DTINYEVO_SEMIHOSTING'];

/** Section sizes (bytes) of an object or ELF file, from arm-none-eabi-size -A. */
function sections(file: string): Map<string, number> {
  const r = spawnSync('arm-none-eabi-size', ['-A', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return new Map(r.stdout.split('\n').map((l) => l.trim().split(/\s+/)).filter((p) => p[0]?.startsWith('.') && /^\d+$/.test(p[1] ?? '')).map((p) => [p[0] as string, Number(p[1])]));
}

function onCortexM4(name: string, graph: ArchGraph, seed: number) {
  const { model, deploy } = quantizeGraph(graph, seededWeights(graph, seed), seededInputs(graph, 16, seed + 1));
  const plan = planMemory(deploy, findRuntime('tinyevo-c'));
  const c = generateC(model, deploy, plan, name);
  const dir = writeGeneratedWithCases(model, c, name, 2, seed);
  const obj = spawnSync('arm-none-eabi-gcc', [...CFLAGS, '-c', '-o', join(dir, `${name}.o`), join(dir, `${name}.c`)], { encoding: 'utf8' });
  assert.equal(obj.status, 0, obj.stderr);
  const elf = spawnSync('arm-none-eabi-gcc', [...CFLAGS, '--specs=nano.specs', '--specs=nosys.specs', '-nostartfiles', '-T', join(armDir, 'mps2-an386.ld'), '-o', join(dir, 'run.elf'),
    join(armDir, 'startup.c'), join(dir, `${name}.o`), join(dir, `${name}_test.c`)], { encoding: 'utf8' });
  assert.equal(elf.status, 0, elf.stderr);
  const run = spawnSync('qemu-system-arm', ['-M', 'mps2-an386', '-nographic', '-semihosting', '-kernel', join(dir, 'run.elf')], { encoding: 'utf8', timeout: 240_000 });
  const s = sections(join(dir, `${name}.o`));
  const cost = estimateCost(graph, findDevice('stm32f412'), { runtime: 'tinyevo-c' });
  return { run, c, s, cost, plan };
}

for (const [name, graph] of [['demo_cnn', demoCnn()] as [string, ArchGraph], ...zooModels().map(([n, g]) => [n.replace(/[^a-z0-9]/g, '_'), g] as [string, ArchGraph])]) {
  test(`Cortex-M4 under QEMU runs the generated C of ${name} bit-exact; sizes against the cost model`, { skip, timeout: 300_000 }, () => {
    const { run, c, s, cost, plan } = onCortexM4(name, graph, 13);
    assert.equal(run.status, 0, `${name} on mps2-an386: ${run.stdout}${run.stderr}`);
    assert.match(run.stderr, /OK 2 cases/, 'QEMU prints semihosting output on stderr');
    const rodata = [...s].filter(([k]) => k.startsWith('.rodata')).reduce((a, [, v]) => a + v, 0);
    const bss = s.get('.bss') ?? 0;
    const text = s.get('.text') ?? 0;
    console.log(`# ${name}: .text ${text} B (predicted code ${cost.flash.codeBytes} B), .rodata ${rodata} B (predicted model data ${cost.flash.modelBytes} B, ratio ${(rodata / cost.flash.modelBytes).toFixed(3)}), .bss ${bss} B (planned arena ${plan.arenaBytes} B, predicted peak SRAM ${cost.peakSramBytes} B)`);
    assert.equal(bss, c.arenaBytes, '.bss is exactly the planned arena');
    assert.ok(Math.abs(rodata / cost.flash.modelBytes - 1) <= 0.05, `.rodata ${rodata} B within 5% of the predicted ${cost.flash.modelBytes} B`);
  });
}
