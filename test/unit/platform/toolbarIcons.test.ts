/**
 * Every toolbar button of the mode names an icon the pinned host registers: OHIF 3.13.2 renders "Missing Icon"
 * for any other name (it did for Export STL and Store to PACS with `icon-download`). Read from the host's bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as buttons from '../../../modes/bone-planning/src/segmentBonesButton';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function hostIconNames(): Set<string> | null {
  const dist = path.join(ROOT, '.cache', 'ohif-app-3.13.2', 'dist');
  if (!fs.existsSync(dist)) return null;
  const app = fs.readdirSync(dist).find((f) => /^app\.bundle\..*\.js$/.test(f));
  if (!app) return null;
  const text = fs.readFileSync(path.join(dist, app), 'latin1');
  return new Set([...text.matchAll(/^\s+'?([A-Za-z][A-Za-z0-9-]*)'?: props =>/gm)].map((m) => m[1]));
}

describe('bone-planning toolbar icons', () => {
  const names = hostIconNames();
  const ours = (Object.values(buttons) as unknown[]).filter((b): b is { id: string; props: { icon: string } } => typeof b === 'object' && b !== null && 'props' in b);

  it('has five buttons, each with a label', () => {
    expect(ours.map((b) => b.id).sort()).toEqual(['ExportBonesSTL', 'SegmentBones', 'StoreBonesSEG', 'ToggleBonesCtVolume3D', 'UpdateBones3D']);
    for (const b of ours) expect((b.props as { label?: string }).label).toBeTruthy();
  });

  (names ? it : it.skip)('names only icons the host registers', () => {
    expect(names!.size).toBeGreaterThan(100);
    expect(ours.filter((b) => !names!.has(b.props.icon)).map((b) => `${b.id}: ${b.props.icon}`)).toEqual([]);
  });
});
