import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TinyevoError } from '../errors.js';
import { estimateCost, findDevice } from '../hardware/index.js';
import { archChart } from '../report/arch-chart.js';
import { sramChart } from '../report/charts.js';
import { liveBytesPerStep, reportConfig, studySpace } from '../report/model.js';
import { studyArtifactsDir } from '../study/artifacts.js';
import type { StudyRow } from '../study/storage/types.js';
import type { TrialDetailResponse } from './api-types.js';
import type { TrialDetailRow } from './reader.js';

type Drawing = Pick<TrialDetailResponse, 'archSvg' | 'sramSvg' | 'peakOp' | 'cost' | 'drawError'>;

/** Decodes the trial's genome in its study's space and costs it on the study's device: the drawings, or why not. */
function draw(study: StudyRow, row: TrialDetailRow): Drawing {
  const none = { archSvg: null, sramSvg: null, peakOp: null, cost: null };
  try {
    const c = reportConfig(study.config);
    const space = studySpace(c);
    const graph = space.decode(space.fromJSON(row.genome));
    const cost = estimateCost(graph, findDevice(c.device), { runtime: c.runtime });
    const m = cost.memory;
    const sramLimit = row.record?.limits.find((l) => l.name === 'sram')?.limit;
    const arenaBudget = sramLimit === undefined ? null : sramLimit - m.persistentBytes;
    return {
      archSvg: archChart(graph, new Set([m.peakOp])).replace('<title>Architecture of the best model</title>', `<title>Architecture of trial ${row.trial}</title>`), sramSvg: sramChart(liveBytesPerStep(m), m.order, m.peakOp, arenaBudget), peakOp: m.peakOp,
      cost: { device: cost.device, runtime: cost.runtime, peakSramBytes: m.peakSramBytes, flashBytes: cost.flashBytes, latencyMs: cost.latencyMs, energyUj: cost.energyUj },
      drawError: null,
    };
  } catch (e) {
    if (e instanceof TinyevoError) return { ...none, drawError: e.message };
    return { ...none, drawError: `could not decode trial ${row.trial}'s genome: ${(e as Error).message}` };
  }
}

/** One trial's page: the stored record's figures, the drawings, and the stored files the API serves. */
export function trialDetail(storagePath: string, study: StudyRow, row: TrialDetailRow): TrialDetailResponse {
  const r = row.record;
  const weights = r?.weights?.file;
  const files = weights && existsSync(join(studyArtifactsDir(storagePath, study.name), weights)) ? [weights] : [];
  return {
    study: study.name, trial: row.trial, state: row.state, accuracy: r?.accuracy ?? null, violation: r?.violation ?? null, params: r?.params ?? null,
    macs: r?.macs ?? null, seconds: r?.seconds ?? null, parents: row.parents, curve: r?.curve ?? [], limits: r?.limits ?? [],
    error: r?.error ?? row.lastError, ...draw(study, row), files,
  };
}
