/**
 * The CT's volume rendering in the 3D view is off by default in bone planning: drawn in software (no GPU) it holds
 * the page for minutes, and the surgeon plans on the bone surfaces. The CT volume actor stays loaded (it is the same
 * volume the MPR views show) and is only hidden; "CT in 3D" shows it again.
 */
import type * as CornerstoneCore from '@cornerstonejs/core';
import type { SegmentationHostServices } from './hostServices';
import { volume3dViewports } from './boneSurfaces3D';

let ctShownIn3D = false;

function isVolumeActor(entry: { actor: { getClassName?: () => string } }): boolean {
  return entry.actor.getClassName?.() === 'vtkVolume';
}

/** Applies the current choice to every 3D viewport; returns how many CT volume actors it set. */
export function applyCtVolumeChoice(services: SegmentationHostServices): number {
  let changed = 0;
  for (const viewport of volume3dViewports(services)) {
    let touched = false;
    for (const entry of viewport.getActors()) {
      if (!isVolumeActor(entry) || entry.actor.getVisibility?.() === ctShownIn3D) continue;
      entry.actor.setVisibility?.(ctShownIn3D);
      touched = true;
      changed++;
    }
    if (touched) viewport.render();
  }
  return changed;
}

export function ctVolumeShownIn3D(): boolean {
  return ctShownIn3D;
}

export function setCtVolumeShownIn3D(services: SegmentationHostServices, shown: boolean): void {
  ctShownIn3D = shown;
  applyCtVolumeChoice(services);
}

interface ViewportServiceEvents {
  EVENTS?: Record<string, string>;
  subscribe?: (event: string, callback: () => void) => { unsubscribe(): void };
}

/**
 * From now until the returned function is called, each viewport the host (re)fills gets the choice (off unless the
 * user turned it on). Cornerstone announces a new volume on the viewport's element synchronously, before the frame
 * that would draw it; the host's own "viewport data changed" comes later and is the fallback.
 */
export function keepCtVolumeChoice(cs: typeof CornerstoneCore, services: SegmentationHostServices): () => void {
  ctShownIn3D = false;
  const apply = (): void => void applyCtVolumeChoice(services);
  const newVolume = cs.Enums.Events.VOLUME_VIEWPORT_NEW_VOLUME;
  const elements = new Set<HTMLElement>();
  const onEnabled = (event: Event): void => {
    const element = (event as CustomEvent<{ element?: HTMLElement }>).detail?.element;
    if (!element || elements.has(element)) return;
    elements.add(element);
    element.addEventListener(newVolume, apply);
  };
  cs.eventTarget.addEventListener(cs.Enums.Events.ELEMENT_ENABLED, onEnabled);
  for (const engine of cs.getRenderingEngines?.() ?? []) {
    for (const viewport of engine.getViewports()) onEnabled(new CustomEvent('enabled', { detail: { element: viewport.element } }));
  }
  const service = services.cornerstoneViewportService as unknown as ViewportServiceEvents;
  const event = service.EVENTS?.VIEWPORT_DATA_CHANGED;
  const subscription = event && service.subscribe ? service.subscribe(event, apply) : undefined;
  apply();
  return () => {
    cs.eventTarget.removeEventListener(cs.Enums.Events.ELEMENT_ENABLED, onEnabled);
    for (const element of elements) element.removeEventListener(newVolume, apply);
    elements.clear();
    subscription?.unsubscribe();
  };
}
