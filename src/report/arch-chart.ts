import type { ArchGraph } from '../arch/types.js';
import { esc, svgDocument } from './svg.js';

const BOX_W = 150;
const BOX_H = 34;
const GAP_X = 20;
const GAP_Y = 22;
const MARGIN = 16;

/** Each node's layer: 0 for nodes without inputs, else one more than its deepest input (longest path). */
export function layersOf(graph: ArchGraph): Map<string, number> {
  const layer = new Map<string, number>();
  for (const n of graph.nodes) layer.set(n.id, n.inputs.length ? Math.max(...n.inputs.map((i) => layer.get(i) ?? 0)) + 1 : 0);
  return layer;
}

/** Pixel centre of every node: layers top to bottom, the nodes of a layer side by side and centred. */
export function layout(graph: ArchGraph): { pos: Map<string, [number, number]>; width: number; height: number } {
  const layer = layersOf(graph);
  const rows: string[][] = [];
  for (const n of graph.nodes) (rows[layer.get(n.id) as number] ??= []).push(n.id);
  const widest = Math.max(1, ...rows.map((r) => r.length));
  const width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X;
  const pos = new Map<string, [number, number]>();
  rows.forEach((row, y) => {
    const rowW = row.length * BOX_W + (row.length - 1) * GAP_X;
    row.forEach((id, x) => pos.set(id, [(width - rowW) / 2 + x * (BOX_W + GAP_X) + BOX_W / 2, MARGIN + y * (BOX_H + GAP_Y) + BOX_H / 2]));
  });
  return { pos, width, height: MARGIN * 2 + rows.length * BOX_H + Math.max(0, rows.length - 1) * GAP_Y };
}

function edges(graph: ArchGraph, pos: Map<string, [number, number]>): string {
  return graph.nodes.flatMap((n) => n.inputs.filter((i) => pos.has(i)).map((i) => {
    const [x1, y1] = pos.get(i) as [number, number];
    const [x2, y2] = pos.get(n.id) as [number, number];
    return `<line class="edge" x1="${x1.toFixed(1)}" y1="${(y1 + BOX_H / 2).toFixed(1)}" x2="${x2.toFixed(1)}" y2="${(y2 - BOX_H / 2).toFixed(1)}" stroke="#888"/>`;
  })).join('');
}

function box(id: string, kind: string, shape: readonly number[], [cx, cy]: [number, number], highlight: boolean): string {
  return `<g class="node" data-node="${esc(id)}"><rect x="${(cx - BOX_W / 2).toFixed(1)}" y="${(cy - BOX_H / 2).toFixed(1)}" width="${BOX_W}" height="${BOX_H}" rx="5" fill="${highlight ? '#ffebe9' : '#f6f8fa'}" stroke="${highlight ? '#cf222e' : '#57606a'}"/>`
    + `<text x="${cx.toFixed(1)}" y="${(cy - 3).toFixed(1)}" text-anchor="middle" font-size="11" font-weight="bold">${esc(kind)} ${esc(id)}</text>`
    + `<text x="${cx.toFixed(1)}" y="${(cy + 11).toFixed(1)}" text-anchor="middle" font-size="10">[${shape.join(', ')}]</text></g>`;
}

/** The architecture as a layered drawing: one box per node (kind, id, output shape), edges from inputs; `highlight` nodes in red. */
export function archChart(graph: ArchGraph, highlight: ReadonlySet<string> = new Set()): string {
  const { pos, width, height } = layout(graph);
  const boxes = graph.nodes.map((n) => box(n.id, n.kind, n.shape, pos.get(n.id) as [number, number], highlight.has(n.id))).join('');
  return svgDocument({ width, height, left: 0, right: 0, top: 0, bottom: 0 }, 'chart architecture', 'Architecture of the best model', edges(graph, pos) + boxes);
}
