/** The page's side of the mesh worker: one worker per request, terminated when it answers. */
import type { BoneSurface } from '../export/boneSurfaces';
import type { MeshRequest, MeshResponse, StlFiles, StlRequest, SurfacesRequest } from './meshProtocol';

export interface MeshWorkerLike {
  postMessage(message: MeshRequest, transfer: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<MeshResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export type MeshFiles = StlFiles;

function askWorker<T>(
  createWorker: () => MeshWorkerLike,
  request: MeshRequest,
  pick: (message: MeshResponse) => T | undefined,
  onProgress?: (done: number, total: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let worker: MeshWorkerLike;
    try {
      worker = createWorker();
    } catch (error) {
      reject(new Error(`the mesh worker could not start: ${String(error)}`));
      return;
    }
    const finish = (): void => {
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    };
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === 'progress') {
        onProgress?.(message.done, message.total);
        return;
      }
      finish();
      const answer = pick(message);
      if (answer !== undefined) resolve(answer);
      else reject(new Error(message.type === 'error' ? message.message : `unexpected answer "${message.type}" from the mesh worker`));
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(`the mesh worker stopped: ${event.message || 'script error'}`));
    };
    worker.postMessage(request, [request.labels.buffer as ArrayBuffer]);
  });
}

/** `request.labels` is transferred (detached here): pass a copy made for the export. */
export function meshInWorker(createWorker: () => MeshWorkerLike, request: StlRequest, onProgress?: (done: number, total: number) => void): Promise<MeshFiles> {
  return askWorker(createWorker, request, (m) => (m.type === 'result' ? m.files : undefined), onProgress);
}

/** The 3D view's surfaces; `request.labels` is transferred as above. */
export function surfacesInWorker(
  createWorker: () => MeshWorkerLike,
  request: SurfacesRequest,
  onProgress?: (done: number, total: number) => void,
): Promise<BoneSurface[]> {
  return askWorker(createWorker, request, (m) => (m.type === 'surfaces' ? m.surfaces : undefined), onProgress);
}
