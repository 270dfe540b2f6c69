// The dashboard's web app: hash routes to views, each rendered into <main id="app">.
//   #/                          studies list
//   #/study/NAME                study: progress, front, trials table (live)
//   #/study/NAME/trial/N        one trial
//   #/compare/A/B               two studies on one front
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { compareView } from './compare.mjs';
import { h, mount } from './dom.mjs';
import { studiesView } from './studies.mjs';
import { studyView } from './study.mjs';
import { trialView } from './trial.mjs';
import { setLive, type View } from './view.mjs';

let current: View | null = null;
let generation = 0;

function crumbs(parts: string[]): void {
  const el = document.getElementById('crumbs');
  if (!el) return;
  mount(el, ...parts.flatMap((p, i) => [' / ', i === 0 ? h('a', { href: `#/study/${encodeURIComponent(p)}` }, p) : p]));
}

async function render(): Promise<void> {
  const mine = ++generation;
  current?.dispose();
  current = null;
  setLive('');
  const app = document.getElementById('app') as HTMLElement;
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter((p) => p !== '').map(decodeURIComponent);
  try {
    let view: View;
    if (parts[0] === 'study' && parts[1] !== undefined && parts[2] === 'trial' && parts[3] !== undefined) {
      crumbs([parts[1], `trial ${parts[3]}`]);
      view = await trialView(app, parts[1], Number(parts[3]));
    } else if (parts[0] === 'study' && parts[1] !== undefined) {
      crumbs([parts[1]]);
      view = await studyView(app, parts[1]);
    } else if (parts[0] === 'compare' && parts[1] !== undefined && parts[2] !== undefined) {
      crumbs([]);
      view = await compareView(app, parts[1], parts[2]);
    } else {
      crumbs([]);
      view = await studiesView(app);
    }
    if (mine === generation) current = view;
    else view.dispose();
  } catch (e) {
    if (mine === generation) mount(app, h('p', { class: 'error', id: 'error' }, (e as Error).message));
  }
}

window.addEventListener('hashchange', () => void render());
void render();
